import { ConfigError, loadConfig } from './config';

const load = (env: Record<string, string>) => () => loadConfig(env);

describe('loadConfig', () => {
  it('defaults point at the standard local ports and run every role', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      databaseUrl: 'postgres://postgres@127.0.0.1:5432/stampede',
      redisUrl: 'redis://127.0.0.1:6379/0',
      natsUrl: 'nats://127.0.0.1:4222',
      port: 4000,
      roles: ['api', 'relay', 'projector', 'worker'],
      nodeEnv: 'development',
    });
    expect(config.rateLimits).toEqual({ windowMs: 1_000, perUser: 20, perIp: 3_000 });
  });

  it('reads the environment', () => {
    const config = loadConfig({ PORT: '8080', ROLES: 'api, relay', RATE_LIMIT_PER_USER: '5', ADMIN_EMAIL: 'Boss@Example.TEST' });
    expect(config.port).toBe(8080);
    expect(config.roles).toEqual(['api', 'relay']);
    expect(config.rateLimits.perUser).toBe(5);
    expect(config.adminEmail).toBe('boss@example.test');
  });

  it.each([
    [{ PORT: 'eighty' }, /^PORT must be an integer/],
    [{ PORT: '70000' }, /^PORT must be an integer between 0 and 65535/],
    [{ DATABASE_URL: 'not a url' }, /^DATABASE_URL is not a valid URL/],
    [{ DATABASE_URL: 'mysql://localhost/x' }, /^DATABASE_URL must use postgres: or postgresql:/],
    [{ REDIS_URL: 'http://127.0.0.1:6379' }, /^REDIS_URL must use redis: or rediss:/],
    [{ NATS_URL: '127.0.0.1:4222' }, /^NATS_URL /],
    [{ ROLES: 'api,cron' }, /^ROLES must be a comma list/],
    [{ ROLES: ',' }, /^ROLES must be a comma list/],
    [{ JWT_SECRET: 'short' }, /^JWT_SECRET must be at least 32 characters/],
    [{ RATE_LIMIT_PER_IP: '0' }, /^RATE_LIMIT_PER_IP must be an integer/],
    [{ RATE_LIMIT_WINDOW_MS: '1.5' }, /^RATE_LIMIT_WINDOW_MS must be an integer/],
    [{ TRUST_PROXY_HOPS: '-1' }, /^TRUST_PROXY_HOPS must be an integer/],
  ])('%j fails naming the variable', (env, message) => {
    expect(load(env)).toThrow(ConfigError);
    expect(load(env)).toThrow(message);
  });

  it('production has no default secret or admin password', () => {
    expect(load({ NODE_ENV: 'production' })).toThrow(/^JWT_SECRET is required/);
    expect(load({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(32) })).toThrow(/^ADMIN_PASSWORD is required/);
    expect(loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(32), ADMIN_PASSWORD: 'pw' }).nodeEnv).toBe('production');
  });
});
