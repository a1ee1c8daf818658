import { spawn } from 'node:child_process';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { headers } from '@nats-io/transport-node';
import { ProductDocument, RestockProductDocument, UpdateProductDocument } from '../generated/graphql';
import { connectNats, subjectPrefix, type Nats } from '../../src/infrastructure/nats/nats';
import type { DomainEvent } from '../../src/shared/event';
import { eventually, startTestApp, type TestApp } from '../support/test-app';
import { adminToken, createProduct } from '../support/actors';

let app: TestApp;
let admin: string;
let nats: Nats;

beforeAll(async () => {
  app = await startTestApp();
  admin = await adminToken(app);
  nats = await connectNats(app.services.config.natsUrl, app.services.config.natsStream, 'pipeline-test');
});
afterAll(async () => {
  await nats?.nc.drain();
  await app?.stop();
});

const productRow = async (id: string) =>
  (await app.services.pool.query('select * from product_read where id = $1', [id])).rows[0];
/** Products this file created. The database is shared with test files that publish to their own NATS, whose events a rebuild from this stream cannot know. */
const mine: string[] = [];
const myProductRows = async () =>
  (await app.services.pool.query('select * from product_read where id = any($1::uuid[]) order by id', [mine])).rows;

/** The events of one product as the outbox recorded them, oldest first. */
async function eventsOf(productId: string): Promise<DomainEvent[]> {
  const { rows } = await app.services.pool.query<{ event: DomainEvent }>(
    `select event from outbox where event->>'aggregateId' = $1 order by seq`, [productId],
  );
  return rows.map((r) => r.event);
}

/** Waits until the product projection has taken (acked or parked) everything up to `seq`. */
async function projectedThrough(seq: number): Promise<void> {
  await eventually(async () => {
    const info = await nats.jsm.consumers.info(nats.stream, 'product');
    return info.ack_floor.stream_seq >= seq && info.num_ack_pending === 0 && info.num_pending === 0;
  }, 15_000, `product projection through stream seq ${seq}`);
}

/** Publishes straight to the stream, as a relay that crashed before stamping (or a replay) would. */
async function republish(event: DomainEvent): Promise<number> {
  const h = headers();
  h.set('Content-Type', 'application/json');
  const ack = await nats.js.publish(`${subjectPrefix(nats.stream)}.${event.aggregateType}.${event.type}`, JSON.stringify(event), {
    msgID: randomUUID(), headers: h,
  });
  return ack.seq;
}

describe('the CQRS pipeline', () => {
  it('applies an event delivered again under a new message id and stream sequence only once: older copies change nothing', async () => {
    const product = await createProduct(app, admin, { name: 'Original', stock: 5 });
    mine.push(product.id);
    await app.ok(UpdateProductDocument, { input: { id: product.id, expectedVersion: 1, name: 'Renamed', price: 31_000 } }, admin);
    await app.ok(RestockProductDocument, { input: { productId: product.id, quantity: 3 } }, admin);
    await eventually(async () => {
      const row = await productRow(product.id);
      return row?.version === 2 && row.stock_version === 2 ? row : undefined;
    }, 10_000, 'edit and restock projected');
    const before = await productRow(product.id);

    // Newest first, oldest last: a projector without version guards would end at the oldest copy.
    const events = [...(await eventsOf(product.id))].reverse();
    expect(events.map((e) => `${e.type}@${e.aggregateVersion}`)).toEqual(['StockChanged@2', 'ProductUpdated@2', 'StockChanged@1', 'ProductCreated@1']);
    let last = 0;
    for (const event of events) last = await republish(event);
    await projectedThrough(last);

    expect(await productRow(product.id)).toEqual(before);
    expect(before).toMatchObject({ name: 'Renamed', price: 31_000, stock: 8, version: 2, stock_version: 2 });
    const parked = await app.services.pool.query(`select count(*)::int as n from dead_letters where payload like $1`, [`%${product.id}%`]);
    expect(parked.rows[0].n).toBe(0);
    // And the API shows the same thing.
    expect((await app.ok(ProductDocument, { id: product.id })).product).toMatchObject({ name: 'Renamed', stock: 8, version: 2 });
  });

  it('`npm run projections:rebuild -- product` rebuilds product_read from the stream equal to before, and live projection goes on', async () => {
    for (let i = 0; i < 3; i++) mine.push((await createProduct(app, admin, { name: `Rebuild ${i}`, stock: i })).id);
    // The relay publishes after commit: the stream's last sequence means something only once it has.
    await eventually(async () => (await app.services.pool.query('select 1 from outbox where published_at is null limit 1')).rows.length === 0,
      10_000, 'outbox published');
    const { seq } = await nats.jsm.streams.info(nats.stream).then((i) => ({ seq: i.state.last_seq }));
    await projectedThrough(seq);
    const before = await myProductRows();
    expect(before).toHaveLength(4);

    // Damage the read table: a rebuild must restore it from events alone.
    await app.services.pool.query(`update product_read set name = 'CORRUPTED', stock = -1 where id = $1`, [before[0].id]);
    await app.services.pool.query('delete from product_read where id = $1', [before[1].id]);

    const run = await runRebuildScript('product');
    expect(run.code).toBe(0);
    expect(run.output).toMatch(/rebuilt product from \d+ events/);
    expect(await myProductRows()).toEqual(before);

    // The API process's own projector kept its durable consumer: new writes still arrive.
    const fresh = await createProduct(app, admin, { name: 'After rebuild', stock: 2 });
    await eventually(async () => (await productRow(fresh.id))?.version === 1, 15_000, 'projected after the rebuild');
  });

  it('an unknown projection name fails with the known names', async () => {
    const run = await runRebuildScript('nope');
    expect(run.code).toBe(1);
    expect(run.output).toMatch(/No projection named "nope" \(known: product/);
  });
});

/** The script `npm run projections:rebuild` runs (from source, the same way spawned apps run). */
function runRebuildScript(name: string): Promise<{ code: number | null; output: string }> {
  const root = path.join(__dirname, '../..');
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['-r', path.join(root, 'test/support/swc-register.js'), path.join(root, 'scripts/rebuild-projection.ts'), name], {
      cwd: root, env: { ...process.env, LOG_LEVEL: 'warn' }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}
