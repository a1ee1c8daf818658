import { editProduct, type Product } from './product';

const product: Product = {
  id: '0190f1c2-0000-7000-8000-000000000001', name: 'Keyboard', description: 'clacky', category: 'input',
  price: 25_000, version: 1, createdAt: new Date('2026-01-01T00:00:00Z'), updatedAt: new Date('2026-01-01T00:00:00Z'),
};

describe('editProduct', () => {
  const now = new Date('2026-02-02T10:00:00Z');

  it('applies the given fields, reports which changed, moves the version and updatedAt', () => {
    const { product: edited, changed } = editProduct(product, { name: 'Mechanical keyboard', price: 30_000 }, now);
    expect(changed).toEqual(['name', 'price']);
    expect(edited).toMatchObject({ name: 'Mechanical keyboard', price: 30_000, description: 'clacky', category: 'input', version: 2 });
    expect(edited.updatedAt).toEqual(now);
    expect(product.name).toBe('Keyboard'); // the input is not mutated
  });

  it('leaves out fields that are undefined', () => {
    const { product: edited, changed } = editProduct(product, { description: undefined, category: 'keyboards' }, now);
    expect(changed).toEqual(['category']);
    expect(edited.description).toBe('clacky');
  });

  it('an edit that changes nothing reports nothing and keeps version and updatedAt', () => {
    const { product: edited, changed } = editProduct(product, { name: 'Keyboard', price: 25_000 }, now);
    expect(changed).toEqual([]);
    expect(edited).toBe(product);
  });

  it('can set a field to an empty description or a zero price', () => {
    const { product: edited, changed } = editProduct(product, { description: '', price: 0 }, now);
    expect(changed).toEqual(['description', 'price']);
    expect(edited).toMatchObject({ description: '', price: 0 });
  });
});
