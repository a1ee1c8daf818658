/**
 * One "API process" of the enter storm (waiting-room.races.int.spec.ts): its own Postgres pool
 * and Redis connection, entering `count` new users into a gate with `concurrency` requests in
 * flight, plus `dupUser` five times in parallel into `dupGateId`. Waits for GO on stdin so the processes start
 * together; prints one JSON line of what it got.
 *
 *   node -r ./test/support/swc-register.js src/modules/waiting-room/testing/enter-storm.ts <gateId> <count> <concurrency> <dupGateId> <dupUser>
 */
import 'reflect-metadata';
import { newId } from '../../../shared/ids';
import { openRoom, pooled } from './room-harness';

async function main(): Promise<void> {
  const [gateId, count, concurrency, dupGateId, dupUser] = process.argv.slice(2);
  const handle = await openRoom({ poolMax: 4 });
  const people = Array.from({ length: Number(count) }, () => newId());
  process.stdout.write('READY\n');
  await new Promise<void>((resolve) => process.stdin.once('data', () => resolve()));
  process.stdin.destroy(); // else the open pipe keeps this process alive after its work
  const started = Date.now();
  const [entered, dup] = await Promise.all([
    pooled(people, Number(concurrency), async (user) => {
      const t = await handle.room.enter(gateId, user);
      return [user, t.ticket.id, t.ticket.seq, t.position] as const;
    }),
    Promise.all(Array.from({ length: 5 }, () => handle.room.enter(dupGateId, dupUser).then((t) => t.ticket.id))),
  ]);
  const ms = Date.now() - started;
  process.stdout.write(`${JSON.stringify({ entered, dup, ms })}\n`);
  await handle.close();
}

main().catch((err) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
