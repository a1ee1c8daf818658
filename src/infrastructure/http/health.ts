import { Router } from 'express';
import { timingSafeEqual } from 'node:crypto';
import { registry } from './metrics';

export type HealthCheck = (() => Promise<unknown>) & { degradedMeaning?: string };
export type HealthChecks = Record<string, HealthCheck>;

/**
 * A dependency the process can serve without (Redis is only a cache: reads fall back to Postgres,
 * rate limits count in memory). Down, it makes /readyz say "degraded" and still answer 200, so a
 * load balancer does not pull every instance at once for a cache outage.
 */
export function degradable(check: () => Promise<unknown>, meaning: string): HealthCheck {
  return Object.assign(check, { degradedMeaning: meaning });
}

async function withTimeout(check: () => Promise<unknown>, ms: number): Promise<unknown> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([check(), new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer in ${ms} ms`)), ms)))]);
  } finally {
    clearTimeout(timer); // else every /readyz leaves a timer that keeps a stopping process alive for a second
  }
}

/**
 * /healthz: the process answers. /readyz: 200 when every required dependency answers (503 naming
 * the ones that do not); a degradable one that is down is named under `degraded`. /metrics.
 */
export interface MetricsAccess {
  /** METRICS_TOKEN: /metrics then needs `Authorization: Bearer <token>`. */
  token?: string;
  /** Without a token, production does not serve /metrics at all (404). */
  production: boolean;
}

export function healthRoutes(checks: HealthChecks, state = { shuttingDown: false }, metrics: MetricsAccess = { production: false }): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    const results = await Promise.all(
      Object.entries(checks).map(async ([name, check]) => {
        try {
          await withTimeout(check, 1000);
          return [name, 'ok'] as const;
        } catch {
          // Never the driver's text: it names hosts, ports and internals to anyone asking.
          return [name, 'unreachable'] as const;
        }
      }),
    );
    const down = results.filter(([, result]) => result !== 'ok').map(([name]) => name);
    const ready = !state.shuttingDown && down.every((name) => checks[name].degradedMeaning !== undefined);
    const degraded = Object.fromEntries(down.map((name) => [name, checks[name].degradedMeaning]));
    const status = !ready ? 'unavailable' : down.length > 0 ? 'degraded' : 'ready';
    res.status(ready ? 200 : 503).json({ status, checks: Object.fromEntries(results), ...(ready && down.length > 0 ? { degraded } : {}) });
  });
  router.get('/metrics', async (req, res) => {
    if (!metrics.token && metrics.production) return void res.status(404).end();
    if (metrics.token && !sameToken(req.headers.authorization, `Bearer ${metrics.token}`)) return void res.status(401).set('www-authenticate', 'Bearer').end();
    res.type(registry.contentType).send(await registry.metrics());
  });
  return router;
}

function sameToken(given: string | undefined, expected: string): boolean {
  const a = Buffer.from(given ?? '');
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
