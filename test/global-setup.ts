import 'reflect-metadata';
import { Client } from 'pg';
import Redis from 'ioredis';
import { connect } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import { provideServices } from './services';
import { startMockDataPlatform } from '../scripts/mock-data-platform';

export const TEST_STREAM = process.env.TEST_NATS_STREAM ?? 'STAMPEDE_TEST';

/** A fresh database, Redis db and JetStream stream for every run. */
export default async function globalSetup(): Promise<void> {
  const services = await provideServices();
  (globalThis as { __services__?: unknown }).__services__ = services;
  process.env.DATABASE_URL = services.databaseUrl;
  process.env.REDIS_URL = services.redisUrl;
  process.env.NATS_URL = services.natsUrl;
  process.env.NATS_STREAM = TEST_STREAM;
  process.env.LOG_LEVEL ??= 'warn';
  // Tests run several apps and processes at once against one Postgres (max_connections 100):
  // small pools keep them under it. Each process has two pools (pg + MikroORM).
  process.env.DATABASE_POOL_MAX ??= '8';
  // Apps with the worker role export paid orders: give them a platform that answers, so tests
  // that do not care about exports are not filled with retries. Export tests start their own.
  const platform = await startMockDataPlatform(0);
  (globalThis as { __platform__?: unknown }).__platform__ = platform;
  process.env.DATA_PLATFORM_URL = platform.url;

  const url = new URL(services.databaseUrl);
  const database = url.pathname.slice(1);
  if (!/test/.test(database)) throw new Error(`Refusing to reset database "${database}": tests need a database whose name contains "test"`);
  const admin = new Client({ connectionString: Object.assign(new URL(url), { pathname: '/postgres' }).toString() });
  await admin.connect();
  await admin.query(`drop database if exists "${database}" with (force)`);
  await admin.query(`create database "${database}"`);
  await admin.end();
  // Migrations run when the first test app starts (startApp migrates under an advisory lock).
  // Not here: MikroORM metadata built in this realm breaks inside the tests' vm realm.

  const redis = new Redis(services.redisUrl);
  await redis.flushdb();
  redis.disconnect();

  const nc = await connect({ servers: services.natsUrl });
  const jsm = await jetstreamManager(nc);
  await jsm.streams.delete(TEST_STREAM).catch(() => undefined);
  await nc.close();
}
