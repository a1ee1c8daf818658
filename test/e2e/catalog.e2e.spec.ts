import {
  ProductDocument, ProductsDocument, RestockProductDocument, UpdateProductDocument, CreateProductDocument,
} from '../generated/graphql';
import { eventually, startTestApp, type TestApp } from '../support/test-app';
import { adminToken, createProduct, signUpCustomer } from '../support/actors';

let app: TestApp;
let admin: string;

beforeAll(async () => {
  app = await startTestApp();
  admin = await adminToken(app);
});
afterAll(() => app.stop());

const readProduct = (id: string) => app.ok(ProductDocument, { id }).then((d) => d.product);

describe('catalog through the CQRS pipeline', () => {
  it('createProduct becomes visible in product and products through the projection', async () => {
    const created = await createProduct(app, admin, { name: 'Mechanical keyboard', price: 89_000, stock: 7 });
    expect(created).toMatchObject({ name: 'Mechanical keyboard', price: 89_000, stock: 7, version: 1 });

    const seen = await eventually(() => readProduct(created.id).then((p) => p ?? undefined), 10_000, 'product projected');
    expect(seen).toMatchObject({ id: created.id, name: 'Mechanical keyboard', price: 89_000, stock: 7, version: 1 });

    const { products } = await app.ok(ProductsDocument, { first: 10, category: created.category });
    expect(products.totalCount).toBe(1);
    expect(products.edges.map((e) => e.node.id)).toEqual([created.id]);
  });

  it('restock and updateProduct become visible', async () => {
    const created = await createProduct(app, admin, { stock: 3 });
    await eventually(() => readProduct(created.id).then((p) => p ?? undefined));

    const restock = await app.ok(RestockProductDocument, { input: { productId: created.id, quantity: 5 } }, admin);
    expect(restock.restockProduct.product?.stock).toBe(8);
    const update = await app.ok(UpdateProductDocument, { input: { id: created.id, expectedVersion: 1, name: 'Renamed', price: 30_000 } }, admin);
    expect(update.updateProduct.userErrors).toEqual([]);
    expect(update.updateProduct.product).toMatchObject({ name: 'Renamed', price: 30_000, version: 2 });

    const seen = await eventually(() => readProduct(created.id).then((p) => (p?.stock === 8 && p.version === 2 ? p : undefined)), 10_000, 'restock and edit projected');
    expect(seen).toMatchObject({ name: 'Renamed', price: 30_000, stock: 8 });
  });

  it('updateProduct with a stale version answers CONFLICT and changes nothing', async () => {
    const created = await createProduct(app, admin);
    await app.ok(UpdateProductDocument, { input: { id: created.id, expectedVersion: 1, name: 'First edit' } }, admin);
    const stale = await app.ok(UpdateProductDocument, { input: { id: created.id, expectedVersion: 1, name: 'Lost edit' } }, admin);
    expect(stale.updateProduct.product).toBeNull();
    expect(stale.updateProduct.userErrors).toEqual([expect.objectContaining({ code: 'CONFLICT', field: ['input', 'expectedVersion'] })]);
    const seen = await eventually(() => readProduct(created.id).then((p) => (p?.version === 2 ? p : undefined)));
    expect(seen.name).toBe('First edit');
  });

  it('two racing edits on one version: exactly one wins', async () => {
    const created = await createProduct(app, admin);
    const results = await Promise.all(
      ['A', 'B', 'C', 'D'].map((name) => app.ok(UpdateProductDocument, { input: { id: created.id, expectedVersion: 1, name } }, admin)),
    );
    const winners = results.filter((r) => r.updateProduct.userErrors.length === 0);
    expect(winners).toHaveLength(1);
    expect(results.filter((r) => r.updateProduct.userErrors[0]?.code === 'CONFLICT')).toHaveLength(3);
  });

  it('bad input answers BAD_USER_INPUT naming the field and writes nothing', async () => {
    const category = `bad-${Date.now()}`;
    const res = await app.ok(CreateProductDocument, { input: { name: '', price: -1, stock: 10, category, description: '' } }, admin);
    expect(res.createProduct.product).toBeNull();
    const fields = res.createProduct.userErrors.map((e) => e.field?.join('.'));
    expect(res.createProduct.userErrors.every((e) => e.code === 'BAD_USER_INPUT')).toBe(true);
    expect(fields).toEqual(expect.arrayContaining(['input.name', 'input.price']));
    const tooLong = await app.ok(CreateProductDocument, { input: { name: 'x'.repeat(201), price: 1, stock: 1, category, description: '' } }, admin);
    expect(tooLong.createProduct.userErrors[0]).toMatchObject({ code: 'BAD_USER_INPUT', field: ['input', 'name'] });
    const count = await app.services.pool.query('select count(*)::int as n from products where category = $1', [category]);
    expect(count.rows[0].n).toBe(0);
  });

  it('pages through products with cursors', async () => {
    const category = `paged-${Date.now()}`;
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await createProduct(app, admin, { category, name: `P${i}` })).id);
    await eventually(() => app.ok(ProductsDocument, { first: 10, category }).then((d) => d.products.totalCount === 5 || undefined));
    const first = await app.ok(ProductsDocument, { first: 2, category });
    expect(first.products.edges.map((e) => e.node.id)).toEqual([ids[4], ids[3]]);
    expect(first.products.pageInfo.hasNextPage).toBe(true);
    const second = await app.ok(ProductsDocument, { first: 3, after: first.products.pageInfo.endCursor, category });
    expect(second.products.edges.map((e) => e.node.id)).toEqual([ids[2], ids[1], ids[0]]);
    expect(second.products.pageInfo.hasNextPage).toBe(false);
    const tooMany = await app.gql(ProductsDocument, { first: 1000 });
    expect(tooMany.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: ['first'] });
  });

  it('non-admin createProduct is FORBIDDEN, a bad token UNAUTHENTICATED, none at all UNAUTHENTICATED', async () => {
    const customer = await signUpCustomer(app);
    const input = { name: 'Nope', price: 1, stock: 1, category: 'x', description: '' };
    const forbidden = await app.gql(CreateProductDocument, { input }, customer.token);
    expect(forbidden.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const bad = await app.gql(CreateProductDocument, { input }, `${customer.token}x`);
    expect(bad.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    const none = await app.gql(CreateProductDocument, { input });
    expect(none.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });
});
