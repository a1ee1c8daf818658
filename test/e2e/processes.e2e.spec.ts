import { CreateProductDocument, ProductDocument, SignInDocument } from '../generated/graphql';
import { print } from 'graphql';
import { spawnApp, type SpawnedApp } from '../support/spawn-app';
import { ADMIN, eventually } from '../support/test-app';

const post = (url: string, query: string, variables: unknown, token?: string) =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  }).then((r) => r.json() as Promise<{ data?: any; errors?: unknown[] }>);

describe('separate processes', () => {
  let api: SpawnedApp;
  let worker: SpawnedApp;
  beforeAll(async () => {
    [api, worker] = await Promise.all([spawnApp({ ROLES: 'api' }), spawnApp({ ROLES: 'relay,projector' })]);
  });
  afterAll(async () => {
    await Promise.all([api?.stop(), worker?.stop()]);
  });

  it('an API-only process and a relay+projector process together carry a write to the read model', async () => {
    const signIn = await post(api.url, print(SignInDocument), { input: ADMIN });
    const token = signIn.data.signIn.token as string;
    const created = await post(api.url, print(CreateProductDocument), {
      input: { name: 'Split roles', price: 1_000, stock: 4, category: 'procs', description: '' },
    }, token);
    const id = created.data.createProduct.product.id as string;
    const seen = await eventually(async () => (await post(api.url, print(ProductDocument), { id })).data?.product ?? undefined, 15_000, 'projected via other process');
    expect(seen).toMatchObject({ id, name: 'Split roles', stock: 4 });
  });

  it('SIGTERM exits cleanly within the grace period', async () => {
    const extra = await spawnApp({ ROLES: 'api,relay,projector' });
    const started = Date.now();
    const code = await extra.stop();
    expect(code).toBe(0);
    expect(Date.now() - started).toBeLessThan(15_000);
  });
});
