import { PushQueue } from './ticket-watch';

describe('PushQueue', () => {
  it('hands values to waiting readers, buffers the newest few, ends at once', async () => {
    let ended = 0;
    const q = new PushQueue<number>(() => ended++, 2);
    const first = q.next();
    q.push(1);
    expect(await first).toEqual({ value: 1, done: false });
    q.push(2);
    q.push(3);
    q.push(4); // only the newest two are kept for a slow reader
    expect(await q.next()).toEqual({ value: 3, done: false });
    const waiting = (await q.next(), q.next());
    await q.return();
    expect(await waiting).toEqual({ value: undefined, done: true });
    expect(ended).toBe(1);
    q.push(5);
    expect(await q.next()).toEqual({ value: undefined, done: true });
  });
});
