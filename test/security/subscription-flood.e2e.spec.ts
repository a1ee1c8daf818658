import WebSocket from 'ws';
import { adminToken, createProduct, signUpCustomer } from '../support/actors';
import { charge, placeOne } from '../support/shopper';
import { startTestApp, type TestApp } from '../support/test-app';
import { subscribe, wsClient } from '../support/ws-client';

/**
 * Attack (issue 12 item 10): one customer opened 5,000 orderStatusChanged subscriptions over
 * 20 sockets (+160 MB); nothing bounded them. Subscriptions are capped per socket and per user,
 * and sockets per user and per IP (WS_MAX_* settings; small values here so the spec is quick).
 */
let app: TestApp;

beforeAll(async () => {
  app = await startTestApp({
    ROLES: 'api', WS_MAX_SUBSCRIPTIONS_PER_SOCKET: '5', WS_MAX_SUBSCRIPTIONS_PER_USER: '8', WS_MAX_SOCKETS_PER_USER: '3', WS_MAX_SOCKETS_PER_IP: '50',
  });
});
afterAll(() => app?.stop());

const LIVE = 'subscription($id: ID!) { orderStatusChanged(orderId: $id) { status } }';
const settle = () => new Promise((r) => setTimeout(r, 300));

it('subscriptions past the per-socket and per-user caps are refused; stopping one frees a place', async () => {
  const user = await signUpCustomer(app, 'Subscriber');
  const product = await createProduct(app, await adminToken(app), { price: 100, stock: 10 });
  await charge(app, user.token, 1_000);
  const orderId = (await placeOne(app, user.token, product.id)).id;
  const a = wsClient(app.url, user.token);
  const b = wsClient(app.url, user.token);
  try {
    const onA = Array.from({ length: 6 }, () => subscribe(a, LIVE, { id: orderId }));
    await settle();
    const refusedA = await Promise.race([onA[5].failed, settle().then(() => 'still running')]);
    expect(JSON.stringify(refusedA)).toMatch(/Too many subscriptions \(at most 5 per connection\)/);
    const onB = Array.from({ length: 4 }, () => subscribe(b, LIVE, { id: orderId }));
    await settle();
    const refusedB = await Promise.race([onB[3].failed, settle().then(() => 'still running')]);
    expect(JSON.stringify(refusedB)).toMatch(/at most 8 per user/);
    onA[0].stop();
    await settle();
    const again = subscribe(b, LIVE, { id: orderId });
    expect(await Promise.race([again.failed, settle().then(() => 'still running')])).toBe('still running');
  } finally {
    await Promise.all([a.dispose(), b.dispose()]);
  }
});

/** A raw socket through connection_init: 'ack', or the close code. */
function openSocket(token: string): Promise<{ ws: WebSocket; outcome: string }> {
  const ws = new WebSocket(app.url.replace(/^http/, 'ws'), 'graphql-transport-ws');
  return new Promise((resolve) => {
    ws.once('open', () => ws.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } })));
    ws.once('message', (m) => resolve({ ws, outcome: JSON.parse(String(m)).type === 'connection_ack' ? 'ack' : String(m) }));
    ws.once('close', (code) => resolve({ ws, outcome: String(code) }));
  });
}

it('a fourth socket for one user is closed with 4429, and closing one makes room', async () => {
  const user = await signUpCustomer(app, 'Sockets');
  const sockets: WebSocket[] = [];
  try {
    const outcomes: string[] = [];
    for (let i = 0; i < 4; i++) {
      const { ws, outcome } = await openSocket(user.token);
      sockets.push(ws);
      outcomes.push(outcome);
    }
    expect(outcomes).toEqual(['ack', 'ack', 'ack', '4429']);
    sockets[0].close();
    await settle();
    const again = await openSocket(user.token);
    sockets.push(again.ws);
    expect(again.outcome).toBe('ack');
  } finally {
    sockets.forEach((ws) => ws.close());
  }
});
