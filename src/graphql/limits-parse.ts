import { GraphQLError, parse, type DocumentNode, type ParseOptions } from 'graphql';
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

/**
 * The parser is recursive: with a raised QUERY_MAX_TOKENS, a document of thousands of nested
 * fragments can still overflow the stack. That is the client's document being too deep, so it is
 * answered as a syntax error (graphql-ws closed the socket with "Maximum call stack size exceeded").
 */
export function parseLimited(query: string, limits: Pick<QueryLimits, 'maxTokens'>): DocumentNode {
  try {
    return parse(query, parseOptions(limits));
  } catch (err) {
    if (err instanceof RangeError) throw new GraphQLError('Syntax Error: Document nests too deeply.', { extensions: { code: 'GRAPHQL_PARSE_FAILED' } });
    throw err;
  }
}
