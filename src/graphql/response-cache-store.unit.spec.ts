import { ByteBoundedStore } from './response-cache-store';

const entry = (bytes: number, expires = Date.now() + 60_000) => ({ bytes, expires });

describe('ByteBoundedStore', () => {
  it('evicts the oldest entries to stay within its bytes', () => {
    const store = new ByteBoundedStore(100);
    store.set('a', entry(40));
    store.set('b', entry(40));
    store.set('c', entry(40));
    expect([store.get('a'), store.size, store.bytes]).toEqual([undefined, 2, 80]);
  });

  it('refuses an entry bigger than the whole budget', () => {
    const store = new ByteBoundedStore(100);
    expect(store.set('a', entry(101))).toBe(false);
    expect(store.bytes).toBe(0);
  });

  it('drops expired entries from the front when anything is added, and replacing a key re-counts it', () => {
    const store = new ByteBoundedStore(1_000);
    store.set('old', entry(10, Date.now() - 1));
    store.set('a', entry(10));
    store.set('a', entry(30));
    expect([store.get('old'), store.bytes, store.size]).toEqual([undefined, 30, 1]);
  });
});
