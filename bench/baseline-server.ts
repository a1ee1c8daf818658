/**
 * The benchmark's yardstick: a bare node:http + graphql-js server answering the same read
 * queries as stampede, over the same SDL (schema/schema.graphql), from memory. No Apollo, no
 * express, no Redis, no Postgres: what is left is HTTP parsing, GraphQL parse/validate/execute
 * and JSON. Authenticated queries verify the JWT with the app's Tokens class, as stampede does,
 * so a ratio measures framework and data-path overhead rather than crypto.
 *
 * Data comes from a JSON file (BASELINE_DATA) the bench writes after seeding:
 *   products   product_read rows as GraphQL Product fields (ISO dates)
 *   responses  captured `data.<field>` of stampede answers, keyed by field and arguments,
 *              served as they are (e.g. popularProducts:{"days":7,"limit":10})
 *   wallets    captured `data.wallet` per user id
 *   queueTickets  captured `data.queueTicket` per queue token (bench/scenarios/queue-read.ts)
 * Run: node -r ./test/support/swc-register.js bench/baseline-server.ts (PORT, BASELINE_DATA, JWT_SECRET)
 */
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { buildSchema, graphql, type GraphQLSchema } from 'graphql';
import { Tokens, type AuthUser } from '../src/modules/identity/auth/tokens';
import { QueueTokens, deriveQueueTokenSecret } from '../src/modules/waiting-room/queue-token';
import type { ProductRead } from '../projections/product';

/** A product_read row as the GraphQL Product type shows it. */
export type BaselineProduct = Omit<ProductRead, 'stockVersion'>;

export interface BaselineData {
  products: BaselineProduct[];
  responses: Record<string, unknown>;
  wallets: Record<string, unknown>;
  queueTickets?: Record<string, unknown>;
}

/** Key of a captured response: field name and its arguments in a stable order. */
export function responseKey(field: string, args: Record<string, unknown>): string {
  const sorted = Object.keys(args).sort().map((k) => [k, args[k]]);
  return `${field}:${JSON.stringify(Object.fromEntries(sorted))}`;
}

const cursor = (id: string) => Buffer.from(`c:${id}`).toString('base64url');
const fromCursor = (c: string) => Buffer.from(c, 'base64url').toString('utf8').slice(2);

function rootValue(data: BaselineData, queueTokens: QueueTokens) {
  const byId = new Map(data.products.map((p) => [p.id, p]));
  const newestFirst = [...data.products].sort((a, b) => (a.id < b.id ? 1 : -1));
  const captured = (field: string) => (args: Record<string, unknown>) => {
    const value = data.responses[responseKey(field, args)];
    if (value === undefined) throw new Error(`baseline has no captured ${responseKey(field, args)}`);
    return value;
  };
  return {
    product: ({ id }: { id: string }) => byId.get(id) ?? null,
    products: ({ first, after, category }: { first?: number; after?: string; category?: string }) => {
      const size = first ?? 20;
      const afterId = after ? fromCursor(after) : null;
      const matching = category ? newestFirst.filter((p) => p.category === category) : newestFirst;
      const start = afterId ? matching.findIndex((p) => p.id < afterId) : 0;
      const slice = start < 0 ? [] : matching.slice(start, start + size + 1);
      const edges = slice.slice(0, size).map((node) => ({ cursor: cursor(node.id), node }));
      return {
        edges,
        totalCount: matching.length,
        pageInfo: {
          hasNextPage: slice.length > size,
          hasPreviousPage: afterId !== null,
          startCursor: edges[0]?.cursor ?? null,
          endCursor: edges.at(-1)?.cursor ?? null,
        },
      };
    },
    popularProducts: captured('popularProducts'),
    wallet: (_args: unknown, ctx: { user: AuthUser | null }) => {
      if (!ctx.user) throw new Error('Sign in first');
      return data.wallets[ctx.user.id] ?? null;
    },
    // As stampede does before its one Redis lookup: the token's HMAC checked, and it must be the caller's.
    queueTicket: ({ token }: { token: string }, ctx: { user: AuthUser | null }) => {
      if (!ctx.user) throw new Error('Sign in first');
      const claims = queueTokens.verify(token);
      if (!claims || claims.userId !== ctx.user.id) return null;
      return data.queueTickets?.[token] ?? null;
    },
  };
}

export interface Baseline {
  server: http.Server;
  port: number;
  close(): Promise<void>;
}

export async function startBaselineServer(options: {
  port: number; data: BaselineData; jwtSecret: string; schemaFile?: string;
}): Promise<Baseline> {
  const sdl = fs.readFileSync(options.schemaFile ?? path.join(process.cwd(), 'schema', 'schema.graphql'), 'utf8');
  const schema: GraphQLSchema = buildSchema(sdl);
  const tokens = new Tokens(options.jwtSecret, 3600);
  // The key stampede signs queue tokens with when no WAITING_ROOM_TOKEN_SECRET is set (the bench sets none).
  const root = rootValue(options.data, new QueueTokens(deriveQueueTokenSecret(options.jwtSecret)));

  const server = http.createServer((req, res) => {
    if (req.method !== 'POST') {
      res.writeHead(req.url === '/healthz' ? 200 : 405).end();
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      let status = 200;
      let body: unknown;
      try {
        const { query, variables, operationName } = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        const user = (await tokens.fromHeader(req.headers.authorization)) ?? null;
        body = await graphql({ schema, source: query, variableValues: variables, operationName, rootValue: root, contextValue: { user } });
      } catch (err) {
        status = 400;
        body = { errors: [{ message: (err as Error).message }] };
      }
      const json = JSON.stringify(body);
      res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(json) });
      res.end(json);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', resolve);
  });
  return {
    server,
    port: (server.address() as { port: number }).port,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

if (require.main === module) {
  const file = process.env.BASELINE_DATA;
  const data: BaselineData = file ? JSON.parse(fs.readFileSync(file, 'utf8')) : { products: [], responses: {}, wallets: {} };
  startBaselineServer({
    port: Number(process.env.PORT ?? 0),
    data,
    jwtSecret: process.env.JWT_SECRET ?? 'dev-only-secret-change-me-0123456789',
  }).then(
    (b) => console.log(`baseline ready on http://127.0.0.1:${b.port}/graphql (${data.products.length} products)`),
    (err) => {
      console.error('baseline cannot start:', err);
      process.exit(1);
    },
  );
  process.on('SIGTERM', () => process.exit(0));
}
