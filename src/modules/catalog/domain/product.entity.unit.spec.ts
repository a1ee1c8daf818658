import { Product } from './product.entity';

function product(): Product {
  const p = new Product();
  Object.assign(p, {
    id: '0190f1c2-0000-7000-8000-000000000001', name: 'Keyboard', description: 'clacky', category: 'input',
    price: 25_000, version: 1, createdAt: new Date('2026-01-01T00:00:00Z'), updatedAt: new Date('2026-01-01T00:00:00Z'),
  });
  return p;
}

describe('Product.edit', () => {
  const now = new Date('2026-02-02T10:00:00Z');

  it('applies the given fields and reports which changed', () => {
    const p = product();
    expect(p.edit({ name: 'Mechanical keyboard', price: 30_000 }, now)).toEqual(['name', 'price']);
    expect(p).toMatchObject({ name: 'Mechanical keyboard', price: 30_000, description: 'clacky', category: 'input' });
    expect(p.updatedAt).toEqual(now);
  });

  it('leaves out fields that are undefined', () => {
    const p = product();
    expect(p.edit({ description: undefined, category: 'keyboards' }, now)).toEqual(['category']);
    expect(p.description).toBe('clacky');
  });

  it('an edit that changes nothing reports nothing and keeps updatedAt', () => {
    const p = product();
    expect(p.edit({ name: 'Keyboard', price: 25_000 }, now)).toEqual([]);
    expect(p.updatedAt).toEqual(new Date('2026-01-01T00:00:00Z'));
  });

  it('can set a field to an empty description or a zero price', () => {
    const p = product();
    expect(p.edit({ description: '', price: 0 }, now)).toEqual(['description', 'price']);
    expect(p).toMatchObject({ description: '', price: 0 });
  });

  it('never touches the version itself (the ORM bumps it at flush)', () => {
    const p = product();
    p.edit({ name: 'Other' }, now);
    expect(p.version).toBe(1);
  });
});
