import { versionedStream } from './versioned-stream';

async function* changes(...versions: number[]) {
  for (const version of versions) yield { version };
}

describe('versionedStream', () => {
  it('sends the current state first, then only changes newer than the last sent (repeats and stale ones dropped)', async () => {
    const live = changes(2, 3, 3, 1, 5);
    const stream = versionedStream({ version: 3 }, live, live.next());
    const seen: number[] = [];
    for await (const c of stream) seen.push(c.version);
    expect(seen).toEqual([3, 5]);
  });

  it('return() ends the live side at once', async () => {
    let returned = false;
    const live: AsyncIterator<{ version: number }> = { next: () => new Promise(() => undefined), return: async () => ((returned = true), { done: true, value: undefined }) };
    const stream = versionedStream({ version: 1 }, live, null);
    await stream.next();
    await stream.return!();
    expect(returned).toBe(true);
  });
});
