import { randomUUID } from 'node:crypto';
import { headers } from '@nats-io/transport-node';
import { connectNats, subjectPrefix, type Nats } from '../../src/infrastructure/nats/nats';
import { newId } from '../../src/shared/ids';
import { MAX_DELIVERIES } from '../../projections/runner';
import { createProjections } from '../../projections/registry';
import { eventually, startTestApp, type TestApp } from '../support/test-app';
import { adminToken, createProduct } from '../support/actors';
import { startOwnNats, type OwnService } from '../support/own-services';
import { FAULT_ENV, runLoad, sleep } from './fault-support';

/**
 * Poison on the stream (our own NATS, so the shared test stream stays clean): a message that is
 * not JSON, and an event the product projector's SQL rejects. Both must end in dead_letters —
 * the first at once, the second after MAX_DELIVERIES tries — while the events around them, and
 * those written meanwhile, keep being projected.
 */
let ownNats: OwnService;
let app: TestApp;
let nats: Nats;

beforeAll(async () => {
  ownNats = await startOwnNats();
  app = await startTestApp({ ...FAULT_ENV, NATS_URL: ownNats.url, ROLES: 'api,relay,projector' });
  nats = await connectNats(ownNats.url, app.services.config.natsStream, 'poison-test');
});
afterAll(async () => {
  await nats?.nc.drain();
  await app?.stop();
  await ownNats?.dispose();
});

async function publishRaw(subject: string, body: string): Promise<number> {
  const h = headers();
  h.set('Content-Type', 'application/json');
  return (await nats.js.publish(`${subjectPrefix(nats.stream)}.${subject}`, body, { msgID: randomUUID(), headers: h })).seq;
}

it('a malformed message and an event the SQL rejects land in dead_letters; everything else keeps flowing', async () => {
  const admin = await adminToken(app);
  const projectionNames = createProjections(app.services.pool, app.services.cache).map((p) => p.name);
  const marker = randomUUID();
  const visible = async (id: string) => (await app.services.pool.query('select 1 from product_read where id = $1 and version > 0 and stock_version > 0', [id])).rowCount === 1;

  const load = runLoad(2, async (w, i) => (await createProduct(app, admin, { name: `Flow ${w}-${i}`, stock: 1 })).id);
  await sleep(300);
  const notJson = await publishRaw('Product.ProductCreated', `{"id": "${marker}", this is not json`);
  const rejectedId = newId();
  const rejected = await publishRaw('Product.ProductCreated', JSON.stringify({
    id: newId(), type: 'ProductCreated', schemaVersion: 1, aggregateType: 'Product', aggregateId: rejectedId, aggregateVersion: 1,
    occurredAt: new Date().toISOString(),
    data: { name: `poison ${marker}`, description: '', category: 'poison', price: 'not a number', createdAt: new Date().toISOString(), updatedAt: new Date().toISOString() },
  }));
  await sleep(1_500);
  const { ok, failed } = await load.stop();
  expect(failed).toEqual([]);

  // Later events (and the load around the poison) are projected while the poison is still retried.
  const parkedSoFar = await app.services.pool.query(`select count(*)::int as n from dead_letters where stream_seq = $1`, [rejected]);
  expect(parkedSoFar.rows[0].n).toBe(0); // still being retried…
  for (const id of ok) await eventually(() => visible(id), 10_000, `product ${id} projected past the poison`);
  const after = await createProduct(app, admin, { name: 'After the poison', stock: 3 });
  await eventually(() => visible(after.id), 10_000, 'a product written after the poison projected');

  // …and then parked: the malformed one at its first delivery, the rejected one after the last.
  const parked = await eventually(async () => {
    const { rows } = await app.services.pool.query(
      'select projection, stream_seq::int as seq, deliveries, error from dead_letters where stream_seq = any($1::bigint[]) order by projection, stream_seq',
      [[notJson, rejected]],
    );
    return rows.length === projectionNames.length + 1 ? rows : undefined;
  }, 20_000, 'poison parked');
  // Every projector reads every subject: the malformed message is poison for each; the product event is only product's business.
  expect(parked).toEqual([
    ...projectionNames.map((projection) => ({ projection, seq: notJson, deliveries: 1, error: 'message is not a valid event' })),
    { projection: 'product', seq: rejected, deliveries: MAX_DELIVERIES, error: expect.stringMatching(/invalid input syntax for type integer/) },
  ].sort((a, b) => a.projection.localeCompare(b.projection) || a.seq - b.seq));
  expect((await app.services.pool.query('select 1 from product_read where id = $1', [rejectedId])).rowCount).toBe(0);

  // Parked means done: no redelivery, no second dead letter.
  await sleep(1_000);
  for (const name of ['product', 'popular']) {
    const info = await nats.jsm.consumers.info(nats.stream, name);
    expect({ name, pending: info.num_pending, ackPending: info.num_ack_pending }).toEqual({ name, pending: 0, ackPending: 0 });
  }
  const again = await app.services.pool.query('select count(*)::int as n from dead_letters where stream_seq = any($1::bigint[])', [[notJson, rejected]]);
  expect(again.rows[0].n).toBe(projectionNames.length + 1);
  console.info(`poison: ${ok.length} products written and projected around 2 poison messages`);
}, 60_000);
