import { defineConfig, PostgreSqlDriver } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import { OutboxMessage } from '../../shared/outbox.entity';
import { modules } from '../../modules';
import { migrationsList as coreMigrations } from './migrations';

/** The shared tables' entities and every module's. */
export const entities = [OutboxMessage, ...modules.flatMap((m) => m.entities ?? [])];

type MigrationEntry = (typeof coreMigrations)[number];

/**
 * The historical core migrations (0001–0007, infrastructure/orm/migrations) and every module's
 * own, applied in name order. Two with one name are a mistake, not a choice: refuse to start.
 */
export function allMigrations(): MigrationEntry[] {
  const all: MigrationEntry[] = [...coreMigrations, ...modules.flatMap((m) => (m.migrations ?? []) as MigrationEntry[])];
  const seen = new Set<string>();
  for (const { name } of all) {
    if (seen.has(name)) throw new Error(`migration ${name} is listed twice (core list or a module's StampedeModule.migrations)`);
    seen.add(name);
  }
  return all.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

export function ormConfig(databaseUrl: string, poolMax = 20) {
  return defineConfig({
    driver: PostgreSqlDriver,
    clientUrl: databaseUrl,
    entities,
    extensions: [Migrator],
    // Listed explicitly so the same code runs from ts (jest) and compiled js (npm start).
    migrations: { migrationsList: allMigrations(), transactional: true, allOrNothing: true, silent: true },
    pool: { min: 0, max: poolMax },
    debug: false,
    allowGlobalContext: false,
    discovery: { warnWhenNoEntities: true },
  });
}
