import 'reflect-metadata';
import { loadConfig } from '../src/config';
import { connectPostgres } from '../src/infrastructure/connect';
import { migrate } from '../src/infrastructure/orm/migrate';

/** `npm run migrate`: applies pending migrations and exits. */
async function main() {
  const config = loadConfig();
  const { orm, pool } = await connectPostgres(config.databaseUrl, 2);
  const applied = await migrate(orm, config.databaseUrl);
  console.log(applied.length ? `applied: ${applied.join(', ')}` : 'database is up to date');
  await orm.close();
  await pool.end();
}

main().catch((err) => {
  console.error(`migrate failed: ${err.message}`);
  process.exit(1);
});
