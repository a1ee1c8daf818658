import { randomUUID } from 'node:crypto';
import { spawnApp, type SpawnedApp } from '../support/spawn-app';
import { subscribe, wsClient } from '../support/ws-client';
import { percentile, rawQuery } from './attack-client';

/**
 * Attack (issue 12 item 3): six anonymous clients send ~90 KB documents of one field repeated
 * 4,500 times, as fast as they can. Nothing bounded tokens or fields before validation, and
 * every other user's request slowed from milliseconds to seconds.
 */
let app: SpawnedApp;
let victim: { token: string };

// Its own process, so the attackers' and the victim's client work here does not share its CPU.
beforeAll(async () => {
  app = await spawnApp({ ROLES: 'api', LOG_LEVEL: 'error' });
  const signUp = await rawQuery(app.url, `mutation { signUp(input: { email: "victim-${randomUUID()}@example.test", password: "correct horse battery", name: "Victim" }) { token } }`);
  victim = { token: (signUp.body.data!.signUp as { token: string }).token };
}, 60_000);
afterAll(() => app?.stop());

const BIG = `{ products { edges { node { ${'description '.repeat(4_500)} } } } }`;
const WIDE = `{ ${'__typename '.repeat(9_000)} }`;

/** The victim's own, uncached request (the response cache never answers a signed-in caller). */
const victimLatencies = async (untilMs: number) => {
  const ms: number[] = [];
  while (Date.now() < untilMs) ms.push((await rawQuery(app.url, '{ me { id email } }', undefined, victim.token)).ms);
  return ms;
};

describe('CPU exhaustion with big documents', () => {
  it.each([['one field repeated 4,500 times', BIG], ['9,000 root fields', WIDE]])('a document of %s is refused as too big while parsing, over HTTP', async (_what, doc) => {
    expect(doc.length).toBeGreaterThan(50_000);
    const res = await rawQuery(app.url, doc);
    expect(res.status).toBe(400);
    expect(res.body.errors?.[0].extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
    expect(res.body.errors?.[0].message).toMatch(/tokens/);
  });

  it('and over graphql-ws, where the socket stays usable', async () => {
    const client = wsClient(app.url, victim.token);
    try {
      const refused = subscribe(client, BIG);
      expect(await refused.failed).toEqual([expect.objectContaining({ message: expect.stringMatching(/tokens/) })]);
      expect(await subscribe(client, '{ __typename }').waitFor(1)).toEqual([{ __typename: 'Query' }]);
    } finally {
      await client.dispose();
    }
  });

  it('a field count limit refuses many small fields that fit the token limit', async () => {
    const doc = `{ products { edges { node { ${'id '.repeat(600)} } } } }`;
    const res = await rawQuery(app.url, doc);
    expect(res.body.errors?.[0]).toEqual(expect.objectContaining({ message: expect.stringMatching(/field count/), extensions: expect.objectContaining({ code: 'QUERY_TOO_COMPLEX' }) }));
  });

  it('refusing one costs well under a millisecond per KB', async () => {
    const ms: number[] = [];
    for (let i = 0; i < 20; i++) ms.push((await rawQuery(app.url, BIG)).ms);
    const perKb = percentile(ms, 50) / (BIG.length / 1024);
    console.log(`item 3: a ${Math.round(BIG.length / 1024)} KB document refused in ${percentile(ms, 50).toFixed(1)} ms (median of 20, ${perKb.toFixed(3)} ms/KB)`);
    expect(perKb).toBeLessThan(0.25);
  });

  it('six attackers sending them non-stop leave another user\'s p99 under 250 ms', async () => {
    await victimLatencies(Date.now() + 1_000); // warm-up (JIT, pools)
    const quiet = await victimLatencies(Date.now() + 1_000);
    let stop = false;
    let sent = 0;
    const attacker = async () => {
      while (!stop) {
        await rawQuery(app.url, BIG);
        sent += 1;
      }
    };
    const attackers = Array.from({ length: 6 }, attacker);
    const underAttack = await victimLatencies(Date.now() + 3_000);
    stop = true;
    await Promise.all(attackers);
    const p99 = percentile(underAttack, 99);
    console.log(`item 3: victim p99 quiet ${percentile(quiet, 99).toFixed(1)} ms, under attack ${p99.toFixed(1)} ms (${underAttack.length} requests, ${sent} attack documents in 3 s)`);
    // Loose on purpose: this machine is shared (2 cores); the old code gave 280 ms in one process, seconds spawned.
    expect(p99).toBeLessThan(250);
  }, 30_000);
});
