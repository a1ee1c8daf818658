import { GroupCommit } from './group-commit';

describe('GroupCommit', () => {
  it('flushes an item added while idle at once, and items added during a flush together in the next', async () => {
    const batches: number[][] = [];
    let release!: () => void;
    const group = new GroupCommit<number>(async (items) => {
      batches.push(items);
      if (batches.length === 1) await new Promise<void>((r) => (release = r));
    });
    const first = group.add(1);
    await Promise.resolve();
    const rest = [group.add(2), group.add(3), group.add(4)];
    expect(batches).toEqual([[1]]);
    release();
    await Promise.all([first, ...rest]);
    expect(batches).toEqual([[1], [2, 3, 4]]);
  });

  it('rejects every item of a failed batch with its error, and keeps working after', async () => {
    let fail = true;
    const group = new GroupCommit<string>(async () => {
      if (fail) throw new Error('db down');
    });
    const results = await Promise.allSettled([group.add('a'), group.add('b')]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    fail = false;
    await expect(group.add('c')).resolves.toBeUndefined();
  });

  it('caps a batch at maxBatch', async () => {
    const sizes: number[] = [];
    let release!: () => void;
    const group = new GroupCommit<number>(async (items) => {
      sizes.push(items.length);
      if (sizes.length === 1) await new Promise<void>((r) => (release = r));
    }, 2);
    const all = [group.add(0)];
    await Promise.resolve();
    all.push(group.add(1), group.add(2), group.add(3), group.add(4), group.add(5));
    release();
    await Promise.all(all);
    expect(sizes).toEqual([1, 2, 2, 1]);
  });
});
