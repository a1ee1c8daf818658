import { randomUUID } from 'node:crypto';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstream } from '@nats-io/jetstream';
import { OrderStatusChangedDocument, type OrderStatusChangedSubscription } from '../generated/graphql';
import { startTestApp, type TestApp } from '../support/test-app';
import { adminToken, signUpCustomer } from '../support/actors';
import { changeOrderStatus, insertPendingOrder } from '../support/order-events';
import { subscribe, wsClient } from '../support/ws-client';
import { subjectPrefix } from '../../src/infrastructure/nats/nats';
import { subjectOf } from '../../src/shared/event';
import { newId } from '../../src/shared/ids';
import type { Client } from 'graphql-ws';

type Change = OrderStatusChangedSubscription['orderStatusChanged'];

/** `writer` runs every role; `reader` only the API: an event reaches it through NATS or not at all. */
let writer: TestApp;
let reader: TestApp;
let nc: NatsConnection;
const clients: Client[] = [];
const client = (url: string, token?: string) => {
  const c = wsClient(url, token);
  clients.push(c);
  return c;
};

beforeAll(async () => {
  writer = await startTestApp();
  reader = await startTestApp({ ROLES: 'api' });
  nc = await connect({ servers: process.env.NATS_URL });
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.dispose()));
  await reader?.stop();
  await writer?.stop();
  await nc?.close();
});

const statuses = (values: OrderStatusChangedSubscription[]) =>
  values.map(({ orderStatusChanged: c }) => `${c.previousStatus ?? '∅'}→${c.status}@${c.version}`);

describe('orderStatusChanged over graphql-ws', () => {
  it('a subscriber on one API instance sees changes made through another, owner and admin alike', async () => {
    const customer = await signUpCustomer(writer);
    const admin = await adminToken(writer);
    const orderId = await insertPendingOrder(writer.services.pool, customer.id);

    const mine = subscribe(client(reader.url, customer.token), OrderStatusChangedDocument, { orderId });
    const asAdmin = subscribe(client(reader.url, admin), OrderStatusChangedDocument, { orderId });
    const [first] = await mine.waitFor(1);
    expect(first.orderStatusChanged).toMatchObject({ orderId, status: 'PENDING', previousStatus: null, version: 1 } satisfies Partial<Change>);
    await asAdmin.waitFor(1);

    const paid = await changeOrderStatus(writer.services.pool, orderId, customer.id, 'PAID');
    await mine.waitFor(2);
    expect(mine.values[1].orderStatusChanged).toEqual({ orderId, status: 'PAID', previousStatus: 'PENDING', occurredAt: paid.occurredAt, version: 2 });
    await changeOrderStatus(writer.services.pool, orderId, customer.id, 'CANCELLED');
    await mine.waitFor(3);
    await asAdmin.waitFor(3);
    expect(statuses(mine.values)).toEqual(['∅→PENDING@1', 'PENDING→PAID@2', 'PAID→CANCELLED@3']);
    expect(statuses(asAdmin.values)).toEqual(statuses(mine.values));
  });

  it('subscribing late starts from the current status; a republished or stale event is not sent twice', async () => {
    const customer = await signUpCustomer(writer);
    const orderId = await insertPendingOrder(writer.services.pool, customer.id);
    const paid = await changeOrderStatus(writer.services.pool, orderId, customer.id, 'PAID');

    const sub = subscribe(client(reader.url, customer.token), OrderStatusChangedDocument, { orderId });
    await sub.waitFor(1);
    expect(sub.values[0].orderStatusChanged).toMatchObject({ status: 'PAID', previousStatus: 'PENDING', version: 2 });

    // The same OrderPaid again under a fresh Nats-Msg-Id (past JetStream's dedup), then a real change.
    await jetstream(nc).publish(`${subjectPrefix(process.env.NATS_STREAM!)}.${subjectOf(paid)}`, JSON.stringify(paid), { msgID: randomUUID() });
    await changeOrderStatus(writer.services.pool, orderId, customer.id, 'CANCELLED');
    await sub.waitFor(2);
    await new Promise((r) => setTimeout(r, 300));
    expect(statuses(sub.values)).toEqual(['PENDING→PAID@2', 'PAID→CANCELLED@3']);
  });

  it('a stranger and an unknown order get the same FORBIDDEN; no token and a bad token UNAUTHENTICATED, as over HTTP', async () => {
    const owner = await signUpCustomer(writer);
    const stranger = await signUpCustomer(writer, 'Stranger');
    const orderId = await insertPendingOrder(writer.services.pool, owner.id);

    const theirs = subscribe(client(reader.url, stranger.token), OrderStatusChangedDocument, { orderId });
    const unknown = subscribe(client(reader.url, stranger.token), OrderStatusChangedDocument, { orderId: newId() });
    const notAnId = subscribe(client(reader.url, stranger.token), OrderStatusChangedDocument, { orderId: 'nope' });
    const [a, b, c] = (await Promise.all([theirs.failed, unknown.failed, notAnId.failed])) as Array<Array<{ message: string; extensions: { code: string } }>>;
    expect(a[0].extensions.code).toBe('FORBIDDEN');
    expect(b).toEqual(a);
    expect(c).toEqual(a);

    const anonymous = subscribe(client(reader.url), OrderStatusChangedDocument, { orderId });
    expect(((await anonymous.failed) as Array<{ extensions: { code: string } }>)[0].extensions.code).toBe('UNAUTHENTICATED');

    const badToken = subscribe(client(reader.url, `${owner.token}x`), OrderStatusChangedDocument, { orderId });
    expect(await badToken.failed).toMatchObject([{ message: 'Your token is invalid or expired', extensions: { code: 'UNAUTHENTICATED' } }]);

    // The stranger's refused subscription never sees the order's changes.
    await changeOrderStatus(writer.services.pool, orderId, owner.id, 'PAID');
    const ownerSub = subscribe(client(reader.url, owner.token), OrderStatusChangedDocument, { orderId });
    await ownerSub.waitFor(1);
    expect(theirs.values).toEqual([]);
  });

  it('the same query limits hold over graphql-ws: an alias-bombed subscription is refused', async () => {
    const customer = await signUpCustomer(writer);
    const orderId = await insertPendingOrder(writer.services.pool, customer.id);
    const aliases = Array.from({ length: 40 }, (_, i) => `a${i}: status`).join(' ');
    const bomb = subscribe(client(reader.url, customer.token), `subscription($id: ID!) { orderStatusChanged(orderId: $id) { ${aliases} } }`, { id: orderId });
    const errors = (await bomb.failed) as Array<{ message: string; extensions: { code: string } }>;
    expect(errors[0].extensions.code).toBe('QUERY_TOO_COMPLEX');
    expect(errors[0].message).toMatch(/alias/);
    expect(bomb.values).toEqual([]);
  });
});
