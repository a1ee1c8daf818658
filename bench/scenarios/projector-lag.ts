import { Pool } from 'pg';
import { OutboxWaker } from '../../src/infrastructure/orm/outbox-wakeup';
import type { Row } from '../report';
import { checkReadModel, type Check } from '../invariants';
import { meterStampede, type BenchContext } from './context';

interface Sent {
  productId: string;
  version: number;
  occurredAt: number;
  visibleAt?: number;
}

/**
 * Restocks as the app's transactions write them — the conditional stock UPDATE and a
 * StockChanged outbox row per product — for the products due in one tick, in one autocommitted
 * statement, so the bench reaches 1,000 events/s on a busy 2-core box without the API in the
 * way. Like inTransaction on the app's pool, it opts out of the trigger's NOTIFY and wakes the
 * relay after commit (outbox-wakeup.ts). From there on it is the real pipeline: NOTIFY → relay
 * → JetStream → product projector → product_read. occurredAt is the database clock at the
 * UPDATE, the same host clock the poller reads.
 */
const RESTOCK = `
with opt_out as (select set_config('stampede.outbox_wakeup', 'after-commit', true)),
s as (
  update stock set available = available + 1, version = version + 1 where product_id = any($1::uuid[])
  returning product_id, available, version,
    to_char(clock_timestamp() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as occurred_at
), e as (select gen_random_uuid() as id, s.* from s cross join opt_out)
insert into outbox (id, subject, event)
select e.id, 'Stock.StockChanged', jsonb_build_object(
  'id', e.id::text, 'type', 'StockChanged', 'schemaVersion', 1, 'aggregateType', 'Stock',
  'aggregateId', e.product_id, 'aggregateVersion', e.version, 'occurredAt', e.occurred_at,
  'data', jsonb_build_object('productId', e.product_id, 'available', e.available, 'delta', 1, 'reason', 'RESTOCKED'))
from e
returning event->>'aggregateId' as product_id, (event->>'aggregateVersion')::int as version, event->>'occurredAt' as occurred_at`;

/** Connections writing; at most this many writes wait at once, beyond that the schedule is shed (and reported). */
const WRITERS = 8;

const quantile = (sorted: number[], q: number) => (sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]);

/**
 * Events at a fixed rate against the time until a reader of product_read sees them: the lag of
 * an event is from its occurredAt to the first poll (every ~5 ms) that shows its product at a
 * stock_version ≥ the event's — an upper bound by up to one poll interval.
 */
export async function projectorLag(ctx: BenchContext): Promise<Row> {
  const rate = ctx.config.lagRate;
  const scenario = `projector lag (${rate.toLocaleString('en')} events/s)`;
  const writer = new Pool({ connectionString: ctx.config.databaseUrl, max: WRITERS });
  const reader = new Pool({ connectionString: ctx.config.databaseUrl, max: 1 });
  const waker = new OutboxWaker(ctx.config.databaseUrl);
  const products = ctx.seeded.lag;
  const ids = products.map((p) => p.id);
  const pending = new Map<string, Sent[]>(ids.map((id) => [id, []]));
  const sent: Sent[] = [];
  let failed = 0;
  let shed = 0;
  let seen = 0;
  let writing = true;

  const poll = async () => {
    while (writing || seen < sent.length) {
      const { rows } = await reader.query<{ id: string; stock_version: number }>('select id, stock_version from product_read where id = any($1::uuid[])', [ids]);
      const now = Date.now(); // wall clock, like the database's clock_timestamp() the events carry
      for (const row of rows) {
        const queue = pending.get(row.id)!;
        const still = queue.filter((e) => {
          if (e.version > row.stock_version) return true;
          e.visibleAt = now;
          seen++;
          return false;
        });
        pending.set(row.id, still);
      }
      if (!writing && Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, 5));
    }
  };
  let deadline = Infinity;
  const polling = poll();

  const meter = meterStampede(ctx);
  const started = performance.now();
  const durationMs = ctx.config.duration * 1000;
  let issued = 0;
  const inFlight = new Set<Promise<void>>();
  while (performance.now() - started < durationMs) {
    let due = Math.floor(((performance.now() - started) / 1000) * rate) - issued;
    while (due > 0) {
      // One statement per tick (at most one event per product in it).
      const batch = Array.from({ length: Math.min(due, ids.length) }, () => ids[issued++ % ids.length]);
      due -= batch.length;
      // A write queued behind busy connections would count its wait as lag: shed it instead.
      if (inFlight.size >= WRITERS) {
        shed += batch.length;
        continue;
      }
      const p = writer.query(RESTOCK, [batch]).then(
        ({ rows }) => {
          waker.wake();
          for (const row of rows) {
            const event = { productId: row.product_id as string, version: row.version as number, occurredAt: Date.parse(row.occurred_at) };
            sent.push(event);
            pending.get(event.productId)!.push(event);
          }
        },
        (err: Error) => {
          if (failed++ === 0) console.warn(`bench: projector-lag write failed: ${err.message}`);
        },
      ).finally(() => inFlight.delete(p));
      inFlight.add(p);
    }
    await new Promise((r) => setTimeout(r, 5));
  }
  await Promise.all(inFlight);
  const seconds = (performance.now() - started) / 1000;
  writing = false;
  deadline = Date.now() + 30_000;
  await polling;
  const cpu = meter(sent.length);
  await writer.end();
  await reader.end();
  await waker.close();

  // Where the time goes: outbox commit → relay's publish stamp, per event (ms).
  const { rows: [relay] } = await ctx.pool.query(
    `select percentile_cont(0.5) within group (order by ms) as p50, percentile_cont(0.99) within group (order by ms) as p99
     from (select extract(epoch from published_at - created_at) * 1000 as ms from outbox
           where subject = 'Stock.StockChanged' and (event->>'aggregateId')::uuid = any($1::uuid[])) t`,
    [ids],
  );
  const lags = sent.filter((e) => e.visibleAt !== undefined).map((e) => e.visibleAt! - e.occurredAt).sort((a, b) => a - b);
  const unseen = sent.length - lags.length;
  const restocked = new Map<string, number>();
  for (const e of sent) restocked.set(e.productId, (restocked.get(e.productId) ?? 0) + 1);
  const { rows } = await ctx.pool.query<{ id: string; available: number }>('select product_id as id, available from stock where product_id = any($1::uuid[])', [ids]);
  const off = rows.filter((r) => r.available !== products.find((p) => p.id === r.id)!.stock + (restocked.get(r.id) ?? 0));
  const checks: Check[] = [
    { name: 'every event became visible', ok: unseen === 0 && failed === 0, detail: `${sent.length} events, ${unseen} not visible after 30 s, ${failed} writes failed, ${shed} not written (writers busy)` },
    { name: 'lag products: stock = initial + restocked', ok: off.length === 0, detail: off.length === 0 ? `${ids.length} products` : `${off.length} products off` },
    await checkReadModel(ctx.pool),
  ];
  return {
    scenario,
    rps: sent.length / seconds,
    p50: quantile(lags, 0.5),
    p99: quantile(lags, 0.99),
    errors: unseen + failed,
    ratio: null,
    note: `${shed ? `${shed} of ${issued} scheduled writes shed (writers busy); ` : ''}occurredAt → visible in product_read; max ${Math.round(lags.at(-1) ?? 0)} ms; `
      + `relay pickup (outbox insert → relay claim) p50 ${Math.round(relay.p50)} / p99 ${Math.round(relay.p99)} ms; target p99 ≤ 50 ms`,
    cpu,
    extra: { events: sent.length, p90: quantile(lags, 0.9), max: lags.at(-1), relayP50: relay.p50, relayP99: relay.p99 },
    checks,
  };
}
