import { parse, type DocumentNode, type ParseOptions } from 'graphql';
import type { QueryLimits } from './limits';

/**
 * Parse options for every place a client's document is parsed (Apollo over HTTP, graphql-ws,
 * the response cache's plan analysis). `maxTokens` stops the lexer at the first token over the
 * limit, so a 90 KB document of one field repeated 4,500 times costs a bounded, tiny amount of
 * work instead of a full parse, validation and execution (measured before: six such clients
 * pushed another user's p99 from 15 ms to 280 ms on loopback). It also bounds nesting, so a
 * document of thousands of nested fragments cannot overflow the parser's stack.
 */
export function parseOptions(limits: Pick<QueryLimits, 'maxTokens'>): ParseOptions {
  return { maxTokens: limits.maxTokens };
}

export function parseLimited(query: string, limits: Pick<QueryLimits, 'maxTokens'>): DocumentNode {
  return parse(query, parseOptions(limits));
}
