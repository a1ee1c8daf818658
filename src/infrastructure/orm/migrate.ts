import { Client } from 'pg';
import type { MikroORM } from '@mikro-orm/postgresql';

const MIGRATION_LOCK = 72_656_001; // any constant; one advisory lock for all stampede processes

/** Applies pending migrations; processes starting together take turns on an advisory lock. */
export async function migrate(orm: MikroORM, databaseUrl: string): Promise<string[]> {
  const lock = new Client({ connectionString: databaseUrl });
  await lock.connect();
  try {
    await lock.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
    const applied = await orm.getMigrator().up();
    return applied.map((m) => m.name);
  } finally {
    await lock.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await lock.end();
  }
}
