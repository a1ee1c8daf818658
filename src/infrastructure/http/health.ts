import { Router } from 'express';
import { registry } from './metrics';

export type HealthChecks = Record<string, () => Promise<unknown>>;

async function withTimeout(check: () => Promise<unknown>, ms: number): Promise<unknown> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([check(), new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer in ${ms} ms`)), ms)))]);
  } finally {
    clearTimeout(timer); // else every /readyz leaves a timer that keeps a stopping process alive for a second
  }
}

/** /healthz: the process answers. /readyz: every dependency answers (503 naming the ones that do not). /metrics. */
export function healthRoutes(checks: HealthChecks, state = { shuttingDown: false }): Router {
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
        } catch (err) {
          return [name, (err as Error).message || 'unreachable'] as const;
        }
      }),
    );
    const ready = !state.shuttingDown && results.every(([, result]) => result === 'ok');
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'unavailable', checks: Object.fromEntries(results) });
  });
  router.get('/metrics', async (_req, res) => {
    res.type(registry.contentType).send(await registry.metrics());
  });
  return router;
}
