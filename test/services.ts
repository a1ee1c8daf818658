import { connect } from 'node:net';

function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port, timeout: 500 });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => (socket.destroy(), resolve(false)));
  });
}

/**
 * Where the tests find Postgres, Redis and NATS: DATABASE_URL / REDIS_URL / NATS_URL when set
 * (CI), else the standard local ports when all three answer (test database stampede_test, Redis
 * db 1), otherwise containers started with testcontainers (needs Docker).
 */
export interface TestServices {
  databaseUrl: string;
  redisUrl: string;
  natsUrl: string;
  stop(): Promise<void>;
}

export async function provideServices(): Promise<TestServices> {
  const { DATABASE_URL, REDIS_URL, NATS_URL } = process.env;
  if (DATABASE_URL && REDIS_URL && NATS_URL) {
    return { databaseUrl: DATABASE_URL, redisUrl: REDIS_URL, natsUrl: NATS_URL, stop: async () => undefined };
  }
  // No variables, but the standard local ports answer (a dev machine with the services
  // installed, or `docker compose up -d postgres redis nats`): use them, with test names.
  if (!DATABASE_URL && !REDIS_URL && !NATS_URL && (await Promise.all([5432, 6379, 4222].map(answers))).every(Boolean)) {
    return {
      databaseUrl: 'postgres://postgres@127.0.0.1:5432/stampede_test',
      redisUrl: 'redis://127.0.0.1:6379/1',
      natsUrl: 'nats://127.0.0.1:4222',
      stop: async () => undefined,
    };
  }
  const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
  const { RedisContainer } = await import('@testcontainers/redis');
  const { GenericContainer, Wait } = await import('testcontainers');
  const [pg, redis, nats] = await Promise.all([
    new PostgreSqlContainer('postgres:15-alpine').withDatabase('stampede_test').start(),
    new RedisContainer('redis:7-alpine').start(),
    new GenericContainer('nats:2.10-alpine').withCommand(['-js']).withExposedPorts(4222)
      .withWaitStrategy(Wait.forLogMessage(/Server is ready/)).start(),
  ]);
  return {
    databaseUrl: DATABASE_URL ?? pg.getConnectionUri(),
    redisUrl: REDIS_URL ?? `redis://${redis.getHost()}:${redis.getMappedPort(6379)}/1`,
    natsUrl: NATS_URL ?? `nats://${nats.getHost()}:${nats.getMappedPort(4222)}`,
    stop: async () => {
      await Promise.all([pg.stop(), redis.stop(), nats.stop()]);
    },
  };
}
