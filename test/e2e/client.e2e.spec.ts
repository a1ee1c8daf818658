import WebSocket from 'ws';
import {
  ChargePointsDocument, MeDocument, OrderStatusChangedDocument, ProductsDocument, SignUpDocument,
  TOP_LEVEL_ERROR_CODES, createStampedeClient, type StampedeError,
} from '@stampede/client';
import { PUBLIC_CODES } from '../../src/graphql/errors';
import { startTestApp, type TestApp } from '../support/test-app';

describe('@stampede/client against a real stampede', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ ROLES: 'api' });
  });
  afterAll(() => app.stop());

  const client = () => createStampedeClient({ url: app.url, webSocketImpl: WebSocket });

  it('one discriminated result: data, userErrors, or a typed top-level error', async () => {
    const shop = client();
    const products = await shop.request(ProductsDocument, { first: 2 });
    expect(products.kind).toBe('data');
    if (products.kind === 'data') expect(typeof products.data.products.totalCount).toBe('number');

    const anonymous = await shop.request(MeDocument, {});
    expect(anonymous).toMatchObject({ kind: 'error', error: { code: 'UNAUTHENTICATED', message: 'Sign in first', path: ['me'] } });

    const email = `client-${Date.now()}@example.test`;
    const signUp = await shop.request(SignUpDocument, { input: { email, password: 'correct horse battery', name: 'Client' } });
    if (signUp.kind !== 'data') throw new Error(JSON.stringify(signUp));
    shop.setToken(signUp.data.signUp.token!);
    const me = await shop.request(MeDocument, {});
    expect(me.kind === 'data' && me.data.me?.email).toBe(email);

    const refused = await shop.request(ChargePointsDocument, { input: { amount: -5, idempotencyKey: 'client-neg' } });
    expect(refused.kind).toBe('userErrors');
    if (refused.kind === 'userErrors') expect(refused.userErrors[0]).toMatchObject({ code: 'BAD_USER_INPUT', field: ['input', 'amount'] });
    await shop.close();
  });

  it('a token read from a function on every request; an unreachable server is NETWORK_ERROR', async () => {
    let token: string | undefined;
    const shop = createStampedeClient({ url: app.url, token: () => token });
    expect((await shop.request(MeDocument, {})).kind).toBe('error');
    token = 'not-a-jwt';
    expect(await shop.request(MeDocument, {})).toMatchObject({ kind: 'error', error: { code: 'UNAUTHENTICATED', message: 'Your token is invalid or expired' } });
    const down = createStampedeClient({ url: 'http://127.0.0.1:9/graphql' });
    expect(await down.request(MeDocument, {})).toMatchObject({ kind: 'error', error: { code: 'NETWORK_ERROR' } });
  });

  it('subscribe over graphql-ws: a refused subscription arrives as a typed error', async () => {
    const shop = client();
    const signUp = await shop.request(SignUpDocument, { input: { email: `sub-${Date.now()}@example.test`, password: 'correct horse battery', name: 'Sub' } });
    if (signUp.kind !== 'data') throw new Error(JSON.stringify(signUp));
    shop.setToken(signUp.data.signUp.token!);
    const error = await new Promise<StampedeError>((resolve) => {
      shop.subscribe(OrderStatusChangedDocument, { orderId: '0190a6f0-0000-7000-8000-000000000000' }, { next: () => undefined, error: resolve });
    });
    expect(error.code).toBe('FORBIDDEN');
    await shop.close();
  });

  it('TOP_LEVEL_ERROR_CODES lists exactly what the server lets through, plus the masked and client-side codes', () => {
    const clientOnly = ['INTERNAL_SERVER_ERROR', 'SERVICE_UNAVAILABLE', 'NETWORK_ERROR'];
    expect([...TOP_LEVEL_ERROR_CODES].filter((c) => !clientOnly.includes(c)).sort()).toEqual([...PUBLIC_CODES].sort());
  });
});
