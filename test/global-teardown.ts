import 'reflect-metadata';
import { EventSchemas } from '../src/shared/event-schema';
import { modules } from '../src/modules';
import { assertContract, checkOutboxContract } from './outbox-contract';

/**
 * After the last test file: check the event contract over every outbox row the run wrote
 * (a problem fails the run), then stop what the setup started.
 */
export default async function globalTeardown(): Promise<void> {
  const services = (globalThis as { __services__?: { stop(): Promise<void> } }).__services__;
  try {
    if (process.env.DATABASE_URL) {
      const schemas = new EventSchemas(modules.flatMap((m) => m.events ?? []));
      const report = await checkOutboxContract(process.env.DATABASE_URL, schemas);
      assertContract(report);
      if (report.rows > 0) console.log(`outbox contract: ${report.rows} rows, each a known event of its declared schemaVersion`);
    }
  } finally {
    await services?.stop();
    await (globalThis as { __platform__?: { stop(): Promise<void> } }).__platform__?.stop();
  }
}
