import { isOriginEntry } from './infrastructure/http/origin-policy';

/**
 * Environment schema, parsed once at boot. A bad value fails fast with the variable's name.
 */
import type { QueryLimits } from './graphql/limits';
import { isPublishedSecret } from './config-published-secrets';

export type Role = 'api' | 'relay' | 'projector' | 'worker';
const ALL_ROLES: Role[] = ['api', 'relay', 'projector', 'worker'];

export interface Config {
  databaseUrl: string;
  redisUrl: string;
  natsUrl: string;
  natsStream: string;
  port: number;
  jwtSecret: string;
  jwtTtlSeconds: number;
  adminEmail: string;
  adminPassword: string;
  roles: Role[];
  logLevel: string;
  /** LOG_FORMAT: JSON lines, or pretty lines for a terminal (npm run dev). */
  logFormat: 'json' | 'pretty';
  nodeEnv: string;
  orderHoldSeconds: number;
  /** Postgres connections per pool (DATABASE_POOL_MAX); a process has two pools (pg + MikroORM). */
  databasePoolMax: number;
  dataPlatformUrl: string;
  /** Per-request timeout of the data-platform export (DATA_PLATFORM_TIMEOUT_MS). */
  dataPlatformTimeoutMs: number;
  /** Deliveries before an export is parked in failed_exports (DATA_PLATFORM_MAX_ATTEMPTS). */
  dataPlatformMaxAttempts: number;
  /** First retry delay; doubles per attempt (DATA_PLATFORM_RETRY_BASE_MS). */
  dataPlatformRetryBaseMs: number;
  rateLimits: RateLimitConfig;
  /** How many reverse proxies in front of us append to X-Forwarded-For (TRUST_PROXY_HOPS); 0 = the socket's address. */
  trustProxyHops: number;
  /** COUPON_GATE: 'redis' answers issueCoupon losers from a Redis gate; 'off' sends every claim to Postgres. */
  couponGate: 'redis' | 'off';
  http: HttpServerConfig;
  responseCache: ResponseCacheConfig;
  /** Document limits on HTTP and graphql-ws (src/graphql/limits.ts). */
  queryLimits: QueryLimits;
  /** How long a user's current role/existence is remembered for admin operations and writes (CURRENT_USER_CACHE_MS). */
  currentUserCacheMs: number;
  /** Sign-ups per client IP per minute (SIGNUP_RATE_LIMIT_PER_IP). */
  signUpRateLimitPerIp: number;
  /** METRICS_TOKEN: /metrics needs it as a Bearer token; unset, /metrics is open outside production and off in it. */
  metricsToken?: string;
  /** graphql-ws caps per API process (WS_MAX_*). */
  wsCaps: { socketsPerIp: number; socketsPerUser: number; subscriptionsPerSocket: number; subscriptionsPerUser: number };
  /** Browser origins allowed by CORS and on the graphql-ws upgrade (CORS_ORIGINS); see OriginPolicy. */
  corsOrigins: string[];
  /** What GET /graphql shows a browser (LANDING_PAGE): the bundled GraphiQL, Apollo Sandbox (CDN), or nothing. */
  landingPage: LandingPage;
}

export type LandingPage = 'graphiql' | 'sandbox' | 'off';

/** Bounds of the public response cache (see src/graphql/response-cache.ts). */
export interface ResponseCacheConfig {
  /** In-process bytes of cached answers per API process (RESPONSE_CACHE_MAX_MB). */
  maxBytes: number;
  /** Answers larger than this are never cached, in process or in Redis (RESPONSE_CACHE_MAX_ENTRY_KB). */
  maxEntryBytes: number;
  /** QUERY_MAX_TOKENS again: the cache parses documents before Apollo does. */
  maxTokens: number;
}

/** Socket limits of the API's HTTP server (slow or idle clients must not hold sockets forever). */
export interface HttpServerConfig {
  /**
   * Idle keep-alive sockets are closed after this (HTTP_KEEP_ALIVE_SECONDS). Longer than a
   * gateway's or client's own idle timeout (nginx upstream 60 s, undici 4 s), so the server is
   * never the side that closes a socket a client is about to reuse: that race ends in
   * "other side closed" for a request the server never saw.
   */
  keepAliveSeconds: number;
  /** A request's headers must arrive within this (HTTP_HEADERS_TIMEOUT_MS). */
  headersTimeoutMs: number;
  /** The whole request (headers and body) must arrive within this (HTTP_REQUEST_TIMEOUT_MS); the answer may take longer. */
  requestTimeoutMs: number;
  /** Open sockets per process (HTTP_MAX_CONNECTIONS); more are refused at accept. */
  maxConnections: number;
}

/** Fixed windows counted in Redis (in process memory while Redis is away), per action. */
export interface RateLimitConfig {
  /** RATE_LIMIT_WINDOW_MS */
  windowMs: number;
  /** Per signed-in user (for signIn: per email tried) and action, per window (RATE_LIMIT_PER_USER). */
  perUser: number;
  /** Per client IP and action, per window (RATE_LIMIT_PER_IP). High: NAT and proxies put many users behind one IP. */
  perIp: number;
}

/** The same numbers as src/graphql/limits.ts DEFAULT_LIMITS (config imports no runtime code from graphql/). */
const DEFAULT_QUERY_LIMITS: QueryLimits = { maxDepth: 10, maxAliases: 30, maxCost: 20_000, maxTokens: 3_000, maxFields: 500 };

export class ConfigError extends Error {}

function str(env: NodeJS.ProcessEnv, name: string, fallback?: string): string {
  const value = env[name] ?? fallback;
  if (value === undefined || value === '') throw new ConfigError(`${name} is required`);
  return value;
}

function int(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be an integer between ${min} and ${max}, got "${raw}"`);
  }
  return value;
}

function url(env: NodeJS.ProcessEnv, name: string, fallback: string, protocols: string[]): string {
  const value = str(env, name, fallback);
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    throw new ConfigError(`${name} is not a valid URL: "${value}"`);
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(`${name} must use ${protocols.join(' or ')}, got "${parsed.protocol}"`);
  }
  return value;
}

function oneOf<T extends string>(env: NodeJS.ProcessEnv, name: string, fallback: T, allowed: readonly T[]): T {
  const value = env[name] || fallback;
  if (!allowed.includes(value as T)) throw new ConfigError(`${name} must be one of ${allowed.join(', ')}, got "${value}"`);
  return value as T;
}

function roles(env: NodeJS.ProcessEnv): Role[] {
  const raw = env.ROLES ?? ALL_ROLES.join(',');
  const list = raw.split(',').map((r) => r.trim()).filter(Boolean);
  const unknown = list.filter((r) => !ALL_ROLES.includes(r as Role));
  if (list.length === 0 || unknown.length > 0) {
    throw new ConfigError(`ROLES must be a comma list of ${ALL_ROLES.join(',')}, got "${raw}"`);
  }
  return list as Role[];
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const nodeEnv = env.NODE_ENV ?? 'development';
  const jwtSecret = str(env, 'JWT_SECRET', nodeEnv === 'production' ? undefined : 'dev-only-secret-change-me-0123456789');
  if (jwtSecret.length < 32) throw new ConfigError('JWT_SECRET must be at least 32 characters');
  const adminPassword = str(env, 'ADMIN_PASSWORD', nodeEnv === 'production' ? undefined : 'admin-password');
  if (nodeEnv === 'production') {
    // Length proves nothing: the published defaults are long enough. Anything in the repository is public.
    for (const [name, value] of [['JWT_SECRET', jwtSecret], ['ADMIN_PASSWORD', adminPassword]]) {
      if (isPublishedSecret(value)) throw new ConfigError(`${name} is a value published in the stampede repository; set a secret of your own`);
    }
  }
  const maxTokens = int(env, 'QUERY_MAX_TOKENS', DEFAULT_QUERY_LIMITS.maxTokens, 100, 1_000_000);
  return {
    databaseUrl: url(env, 'DATABASE_URL', 'postgres://postgres@127.0.0.1:5432/stampede', ['postgres:', 'postgresql:']),
    redisUrl: url(env, 'REDIS_URL', 'redis://127.0.0.1:6379/0', ['redis:', 'rediss:']),
    natsUrl: url(env, 'NATS_URL', 'nats://127.0.0.1:4222', ['nats:', 'tls:']),
    natsStream: str(env, 'NATS_STREAM', 'STAMPEDE'),
    port: int(env, 'PORT', 4000, 0, 65535),
    jwtSecret,
    jwtTtlSeconds: int(env, 'JWT_TTL_SECONDS', 3600, 60, 30 * 24 * 3600),
    adminEmail: str(env, 'ADMIN_EMAIL', 'admin@stampede.local').toLowerCase(),
    adminPassword,
    roles: roles(env),
    logLevel: str(env, 'LOG_LEVEL', 'info'),
    logFormat: oneOf(env, 'LOG_FORMAT', 'json', ['json', 'pretty'] as const),
    nodeEnv,
    orderHoldSeconds: int(env, 'ORDER_HOLD_SECONDS', 600, 1, 24 * 3600),
    databasePoolMax: int(env, 'DATABASE_POOL_MAX', 20, 1, 500),
    dataPlatformUrl: url(env, 'DATA_PLATFORM_URL', 'http://127.0.0.1:4100/events', ['http:', 'https:']),
    dataPlatformTimeoutMs: int(env, 'DATA_PLATFORM_TIMEOUT_MS', 5_000, 100, 60_000),
    dataPlatformMaxAttempts: int(env, 'DATA_PLATFORM_MAX_ATTEMPTS', 5, 1, 100),
    dataPlatformRetryBaseMs: int(env, 'DATA_PLATFORM_RETRY_BASE_MS', 1_000, 10, 600_000),
    rateLimits: {
      windowMs: int(env, 'RATE_LIMIT_WINDOW_MS', 1_000, 100, 3_600_000),
      perUser: int(env, 'RATE_LIMIT_PER_USER', 20, 1, 1_000_000),
      perIp: int(env, 'RATE_LIMIT_PER_IP', 3_000, 1, 10_000_000),
    },
    trustProxyHops: int(env, 'TRUST_PROXY_HOPS', 0, 0, 10),
    couponGate: oneOf(env, 'COUPON_GATE', 'redis', ['redis', 'off'] as const),
    http: httpServer(env),
    currentUserCacheMs: int(env, 'CURRENT_USER_CACHE_MS', 5_000, 0, 600_000),
    signUpRateLimitPerIp: int(env, 'SIGNUP_RATE_LIMIT_PER_IP', 20, 1, 100_000_000),
    metricsToken: metricsToken(env, nodeEnv),
    wsCaps: {
      socketsPerIp: int(env, 'WS_MAX_SOCKETS_PER_IP', 500, 1, 1_000_000),
      socketsPerUser: int(env, 'WS_MAX_SOCKETS_PER_USER', 10, 1, 100_000),
      subscriptionsPerSocket: int(env, 'WS_MAX_SUBSCRIPTIONS_PER_SOCKET', 50, 1, 100_000),
      subscriptionsPerUser: int(env, 'WS_MAX_SUBSCRIPTIONS_PER_USER', 100, 1, 1_000_000),
    },
    queryLimits: {
      ...DEFAULT_QUERY_LIMITS,
      maxTokens,
      maxFields: int(env, 'QUERY_MAX_FIELDS', DEFAULT_QUERY_LIMITS.maxFields, 10, 1_000_000),
      maxDistinctArgs: int(env, 'QUERY_MAX_DISTINCT_ARGS', 5, 1, 1_000),
    },
    responseCache: {
      maxBytes: int(env, 'RESPONSE_CACHE_MAX_MB', 32, 1, 16_384) * 1024 * 1024,
      maxEntryBytes: int(env, 'RESPONSE_CACHE_MAX_ENTRY_KB', 256, 1, 65_536) * 1024,
      maxTokens,
    },
    corsOrigins: corsOrigins(env, nodeEnv),
    landingPage: oneOf(env, 'LANDING_PAGE', nodeEnv === 'production' ? 'off' : 'graphiql', ['graphiql', 'sandbox', 'off'] as const),
  };
}

/** Outside production a page on any local port may call the API (a storefront on :3300); in production none unless listed. */
const LOCAL_ORIGINS = ['http://localhost:*', 'http://127.0.0.1:*'];

function metricsToken(env: NodeJS.ProcessEnv, nodeEnv: string): string | undefined {
  const token = env.METRICS_TOKEN || undefined;
  if (token !== undefined && token.length < 16) throw new ConfigError('METRICS_TOKEN must be at least 16 characters');
  if (token !== undefined && nodeEnv === 'production' && isPublishedSecret(token)) throw new ConfigError('METRICS_TOKEN is a value published in the stampede repository; set a secret of your own');
  return token;
}

function corsOrigins(env: NodeJS.ProcessEnv, nodeEnv: string): string[] {
  const raw = env.CORS_ORIGINS;
  if (raw === undefined) return nodeEnv === 'production' ? [] : LOCAL_ORIGINS;
  const list = raw.split(',').map((o) => o.trim().replace(/\/$/, '')).filter(Boolean);
  const bad = list.find((o) => !isOriginEntry(o));
  if (bad !== undefined) throw new ConfigError(`CORS_ORIGINS entries must be origins like https://shop.example.com or http://localhost:*, got "${bad}"`);
  return list;
}

function httpServer(env: NodeJS.ProcessEnv): HttpServerConfig {
  const headersTimeoutMs = int(env, 'HTTP_HEADERS_TIMEOUT_MS', 10_000, 100, 600_000);
  const requestTimeoutMs = int(env, 'HTTP_REQUEST_TIMEOUT_MS', 30_000, 100, 600_000);
  // Node refuses a headers timeout longer than the request timeout.
  if (headersTimeoutMs > requestTimeoutMs) throw new ConfigError('HTTP_HEADERS_TIMEOUT_MS must not exceed HTTP_REQUEST_TIMEOUT_MS');
  return {
    keepAliveSeconds: int(env, 'HTTP_KEEP_ALIVE_SECONDS', 65, 1, 3_600),
    headersTimeoutMs,
    requestTimeoutMs,
    maxConnections: int(env, 'HTTP_MAX_CONNECTIONS', 10_000, 10, 1_000_000),
  };
}
