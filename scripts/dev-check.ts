import { Client } from 'pg';
import { ConfigError, loadConfig } from '../src/config';

/**
 * `npm run dev` runs this before the seed: the configuration parses and Postgres answers, or one
 * line saying which service, which variable and why (the seed itself would print a stack trace
 * for a malformed URL and a bare ECONNREFUSED for a server that is down).
 */
const redact = (url: string) => url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');

async function main(): Promise<void> {
  const config = loadConfig();
  // The server, not the database: `npm run dev` creates the database when it is missing.
  const server = Object.assign(new URL(config.databaseUrl), { pathname: '/postgres' }).toString();
  const client = new Client({ connectionString: server, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
    await client.query('select 1');
  } catch (err) {
    throw new ConfigError(`cannot reach Postgres at ${redact(config.databaseUrl)} (DATABASE_URL): ${(err as Error).message || (err as Error).name}`);
  } finally {
    await client.end().catch(() => undefined);
  }
}

main().catch((err) => {
  console.error(`npm run dev: ${err instanceof ConfigError ? err.message : String(err)}`);
  process.exit(1);
});
