import { randomUUID } from 'node:crypto';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstream } from '@nats-io/jetstream';
import { FailedExportsDocument, RetryFailedExportsDocument } from '../generated/graphql';
import { eventually, startTestApp, type TestApp } from '../support/test-app';
import { adminToken, signUpCustomer } from '../support/actors';
import { appendEvents, orderPaid } from '../support/order-events';
import { startMockDataPlatform, type MockDataPlatform } from '../../scripts/mock-data-platform';
import { subjectPrefix } from '../../src/infrastructure/nats/nats';
import { subjectOf, type DomainEvent } from '../../src/shared/event';
import { newId } from '../../src/shared/ids';
import { exportsTotal } from '../../src/modules/data-export/data-platform-exporter';

const MAX_ATTEMPTS = 4;
let mock: MockDataPlatform;
let app: TestApp;
let admin: string;
let nc: NatsConnection;
const stream = process.env.NATS_STREAM!;

beforeAll(async () => {
  mock = await startMockDataPlatform(0);
  app = await startTestApp({
    DATA_PLATFORM_URL: mock.url,
    DATA_PLATFORM_MAX_ATTEMPTS: String(MAX_ATTEMPTS),
    DATA_PLATFORM_RETRY_BASE_MS: '50',
    DATA_PLATFORM_TIMEOUT_MS: '300',
  });
  admin = await adminToken(app);
  nc = await connect({ servers: process.env.NATS_URL });
});
afterAll(async () => {
  await app?.stop();
  await nc?.close();
  await mock?.stop();
});
beforeEach(() => mock.reset());

const received = (eventId: string) => mock.received().filter((r) => r.idempotencyKey === eventId);

/** How many copies this process's exporter acked without sending, because they were delivered before. */
const skipped = async () => (await exportsTotal.get()).values.find((v) => v.labels.outcome === 'skipped_duplicate')?.value ?? 0;

/**
 * Publishes the same event again under fresh Nats-Msg-Ids, past JetStream's dedup (a relay
 * replaying after a crash, an operator republishing), and waits until the exporter has handled
 * every copy. (Not "consumer idle": retries left by other test files may still be in flight.)
 */
async function republish(event: DomainEvent, copies: number): Promise<void> {
  const before = await skipped();
  const js = jetstream(nc);
  for (let i = 0; i < copies; i++) {
    await js.publish(`${subjectPrefix(stream)}.${subjectOf(event)}`, JSON.stringify(event), { msgID: randomUUID() });
  }
  await eventually(async () => (await skipped()) >= before + copies, 10_000, 'republished copies skipped');
}

describe('data-platform export', () => {
  it('a paid order reaches the platform exactly once, with the event id as Idempotency-Key, even when republished', async () => {
    const orderId = newId();
    const event = orderPaid(orderId, newId());
    await appendEvents(app.services.pool, [event]);

    const [delivery] = await eventually(async () => (received(event.id).length ? received(event.id) : undefined), 10_000, 'delivery');
    expect(delivery.body).toMatchObject({
      eventId: event.id, eventType: 'OrderPaid', order: { id: orderId, status: 'PAID', amount: 25_000, items: [expect.objectContaining({ quantity: 1 })] },
    });

    // Delivered copies are not sent again.
    await republish(event, 2);
    expect(mock.requestsFor(event.id)).toBe(1);
    expect(received(event.id)).toHaveLength(1);
  });

  it('a platform failing twice then recovering gets the order once, after retries', async () => {
    mock.failNext(2);
    const event = orderPaid(newId(), newId());
    await appendEvents(app.services.pool, [event]);
    await eventually(async () => received(event.id).length === 1, 10_000, 'delivery after retries');
    await new Promise((r) => setTimeout(r, 300)); // a stray extra attempt would show up here
    expect(mock.requestsFor(event.id)).toBe(3);
    expect(received(event.id)).toHaveLength(1);
    const parked = await app.services.pool.query('select 1 from failed_exports where event_id = $1', [event.id]);
    expect(parked.rowCount).toBe(0);
  });

  it('an always-failing platform: parked after the last attempt, listed for admins, resent once it is back', async () => {
    mock.setMode('always');
    const event = orderPaid(newId(), newId());
    await appendEvents(app.services.pool, [event]);

    const parked = await eventually(async () => {
      const { failedExports } = await app.ok(FailedExportsDocument, {}, admin);
      return failedExports.find((f) => f.eventId === event.id);
    }, 15_000, 'parked export');
    expect(parked).toMatchObject({ eventType: 'OrderPaid', orderId: event.aggregateId, attempts: MAX_ATTEMPTS, lastError: 'answered HTTP 503', resentAt: null });
    expect(JSON.parse(parked.payload)).toMatchObject({ eventId: event.id, order: { id: event.aggregateId } });
    await new Promise((r) => setTimeout(r, 300));
    expect(mock.requestsFor(event.id)).toBe(MAX_ATTEMPTS); // and no more: the message is terminated

    // Still down: the resend fails, says so, and the export stays parked with one more attempt.
    const again = await app.ok(RetryFailedExportsDocument, { input: { ids: [parked.id] } }, admin);
    expect(again.retryFailedExports.resent).toEqual([]);
    expect(again.retryFailedExports.stillFailing).toEqual([expect.objectContaining({ id: parked.id, attempts: MAX_ATTEMPTS + 1 })]);
    expect(again.retryFailedExports.userErrors).toEqual([expect.objectContaining({ code: 'EXPORT_FAILED', field: ['input', 'ids', '0'] })]);

    mock.setMode('never');
    const unknown = newId();
    const resent = await app.ok(RetryFailedExportsDocument, { input: { ids: [unknown, parked.id] } }, admin);
    expect(resent.retryFailedExports.resent).toEqual([expect.objectContaining({ id: parked.id, resentAt: expect.any(String) })]);
    expect(resent.retryFailedExports.userErrors).toEqual([expect.objectContaining({ code: 'NOT_FOUND', field: ['input', 'ids', '0'] })]);
    expect(received(event.id)).toHaveLength(1);
    expect(received(event.id)[0].body).toEqual(JSON.parse(parked.payload));

    // Resending a delivered export is a no-op: reported as resent, nothing sent.
    const twice = await app.ok(RetryFailedExportsDocument, { input: { ids: [parked.id] } }, admin);
    expect(twice.retryFailedExports.resent.map((f) => f.id)).toEqual([parked.id]);
    expect(mock.requestsFor(event.id)).toBe(MAX_ATTEMPTS + 2);

    const open = await app.ok(FailedExportsDocument, {}, admin);
    expect(open.failedExports.map((f) => f.id)).not.toContain(parked.id);
    const all = await app.ok(FailedExportsDocument, { includeResent: true }, admin);
    expect(all.failedExports.find((f) => f.id === parked.id)?.resentAt).toEqual(expect.any(String));

    // Redelivered later (republished): remembered as delivered, not sent a third time.
    await republish(event, 1);
    expect(mock.requestsFor(event.id)).toBe(MAX_ATTEMPTS + 2);
  });

  it('a hung platform costs one timeout per attempt and ends parked, never stuck', async () => {
    mock.setMode('hang');
    const event = orderPaid(newId(), newId());
    const started = Date.now();
    await appendEvents(app.services.pool, [event]);
    const row = await eventually(async () => {
      const { rows } = await app.services.pool.query('select attempts, last_error from failed_exports where event_id = $1', [event.id]);
      return rows[0];
    }, 20_000, 'hung export parked');
    expect(row).toEqual({ attempts: MAX_ATTEMPTS, last_error: 'no answer within 300 ms' });
    expect(mock.requestsFor(event.id)).toBe(MAX_ATTEMPTS);
    expect(Date.now() - started).toBeLessThan(15_000);
  });

  it('failedExports and retryFailedExports are for admins only; bad ids are refused by field', async () => {
    const customer = await signUpCustomer(app);
    const asCustomer = await app.gql(FailedExportsDocument, {}, customer.token);
    expect(asCustomer.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const anonymous = await app.gql(RetryFailedExportsDocument, { input: { ids: [newId()] } });
    expect(anonymous.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    const retryAsCustomer = await app.gql(RetryFailedExportsDocument, { input: { ids: [newId()] } }, customer.token);
    expect(retryAsCustomer.errors?.[0].extensions?.code).toBe('FORBIDDEN');

    const bad = await app.ok(RetryFailedExportsDocument, { input: { ids: ['not-an-id'] } }, admin);
    expect(bad.retryFailedExports.userErrors).toEqual([expect.objectContaining({ code: 'BAD_USER_INPUT', field: ['input', 'ids'] })]);
    const empty = await app.ok(RetryFailedExportsDocument, { input: { ids: [] } }, admin);
    expect(empty.retryFailedExports.userErrors[0]).toMatchObject({ code: 'BAD_USER_INPUT', field: ['input', 'ids'] });
    const tooMany = await app.gql(FailedExportsDocument, { first: 501 }, admin);
    expect(tooMany.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: ['first'] });
  });
});
