import { Client, Pool } from 'pg';
import { startTestApp, type TestApp } from '../../../test/support/test-app';
import { PgTransactions } from '../../shared/tx';
import { newId } from '../../shared/ids';
import { OPT_OUT_SQL, OutboxWaker } from './outbox-wakeup';

const INSERT = "insert into outbox (id, subject, event) values ($1, 'Test.WakeupProbe', '{}'::jsonb)";

describe('outbox wake-ups', () => {
  let app: TestApp;
  let listener: Client;
  let heard = 0;

  /** Notifications on 'outbox' that arrive within `ms` after `action` returns. */
  async function notificationsAfter(action: () => Promise<unknown>, ms = 400): Promise<number> {
    await new Promise((r) => setTimeout(r, 100)); // let earlier notifications land first
    const before = heard;
    await action();
    await new Promise((r) => setTimeout(r, ms));
    return heard - before;
  }

  beforeAll(async () => {
    app = await startTestApp({ ROLES: 'relay' });
    listener = new Client({ connectionString: process.env.DATABASE_URL });
    await listener.connect();
    listener.on('notification', (n) => {
      if (n.channel === 'outbox') heard++;
    });
    await listener.query('listen outbox');
  });

  afterAll(async () => {
    // The probes are not events: take them out so the run's outbox contract (test/outbox-contract.ts) holds.
    await app.services.pool.query("delete from outbox where subject = 'Test.WakeupProbe'");
    await listener.end();
    await app.stop();
  });

  it('the trigger notifies for a transaction that does not opt out', async () => {
    const n = await notificationsAfter(() => app.services.pool.query(INSERT, [newId()]));
    expect(n).toBe(1);
  });

  it('the trigger stays silent for an insert of no rows', async () => {
    const n = await notificationsAfter(() => app.services.pool.query(
      "insert into outbox (id, subject, event) select $1, 'Test.WakeupProbe', '{}'::jsonb where false", [newId()],
    ));
    expect(n).toBe(0);
  });

  it('the trigger stays silent for a transaction that opted out (it wakes the relay itself)', async () => {
    const n = await notificationsAfter(async () => {
      const client = await app.services.pool.connect();
      try {
        await client.query(`begin; ${OPT_OUT_SQL}`);
        await client.query(INSERT, [newId()]);
        await client.query('commit');
      } finally {
        client.release();
      }
    });
    expect(n).toBe(0);
  });

  it("the app's transactions announce their rows after commit through the waker", async () => {
    const id = newId();
    const n = await notificationsAfter(() => app.services.write.transactions.withTransaction((tx) => tx.query(
      "insert into outbox (id, subject, event) values ($1, 'Test.WakeupProbe', '{}'::jsonb)", [id],
    )));
    expect(n).toBe(1);
    // And the relay, woken by it, publishes the row.
    const deadline = Date.now() + 5_000;
    let published = false;
    while (!published && Date.now() < deadline) {
      published = (await app.services.pool.query('select published_at from outbox where id = $1', [id])).rows[0]?.published_at != null;
      if (!published) await new Promise((r) => setTimeout(r, 50));
    }
    expect(published).toBe(true);
  });

  it('transactions without a waker leave the announcement to the trigger', async () => {
    const plain = new Pool({ connectionString: process.env.DATABASE_URL, max: 1, pipeline: true });
    try {
      const n = await notificationsAfter(() => new PgTransactions(plain).withTransaction((tx) => tx.query(
        "insert into outbox (id, subject, event) values ($1, 'Test.WakeupProbe', '{}'::jsonb)", [newId()],
      )));
      expect(n).toBe(1);
    } finally {
      await plain.end();
    }
  });

  it('coalesces a burst of wake-ups into a few notifications, the last one after the last call', async () => {
    const waker = new OutboxWaker(process.env.DATABASE_URL!);
    try {
      const n = await notificationsAfter(async () => {
        for (let i = 0; i < 200; i++) waker.wake();
      });
      expect(n).toBeGreaterThanOrEqual(1);
      expect(n).toBeLessThanOrEqual(2);
    } finally {
      await waker.close();
    }
  });
});
