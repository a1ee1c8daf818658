import { newId } from '../../shared/ids';
import { createLogger } from '../logger';
import { startTestApp, type TestApp } from '../../../test/support/test-app';
import { OUTBOX_RETENTION_HOURS, OutboxRelay } from './outbox-relay';
import type { Nats } from './nats';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ ROLES: 'api' });
});
afterAll(() => app.stop());

describe('outbox retention', () => {
  it('deletes published rows past the retention and keeps recent or unpublished ones', async () => {
    const now = new Date(); // real time: rows other tests wrote minutes ago are never past the retention
    const hoursAgo = (h: number) => new Date(now.getTime() - h * 3_600_000);
    const rows = {
      oldPublished: [newId(), hoursAgo(OUTBOX_RETENTION_HOURS + 1), hoursAgo(OUTBOX_RETENTION_HOURS + 1)],
      oldUnpublished: [newId(), hoursAgo(OUTBOX_RETENTION_HOURS + 5), null],
      recentPublished: [newId(), hoursAgo(1), hoursAgo(1)],
    } as const;
    for (const [id, createdAt, publishedAt] of Object.values(rows)) {
      await app.services.pool.query(
        `insert into outbox (id, subject, event, created_at, published_at) values ($1, 'Test.Retention', '{}', $2, $3)`,
        [id, createdAt, publishedAt],
      );
    }
    // Only the pool is used by the purge; the relay is not started.
    const relay = new OutboxRelay(app.services.pool, {} as Nats, '', createLogger('silent'));
    expect(await relay.purgePublished(now)).toBeGreaterThanOrEqual(1);
    const { rows: left } = await app.services.pool.query<{ id: string }>(
      'select id from outbox where id = any($1::uuid[])', [Object.values(rows).map(([id]) => id)],
    );
    expect(left.map((r) => r.id).sort()).toEqual([rows.oldUnpublished[0], rows.recentPublished[0]].sort());
    // Not events: take them out so the run's outbox contract (test/outbox-contract.ts) holds.
    await app.services.pool.query('delete from outbox where id = any($1::uuid[])', [Object.values(rows).map(([id]) => id)]);
  });
});
