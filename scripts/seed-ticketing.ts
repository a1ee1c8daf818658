import type { Pool } from 'pg';
import pino from 'pino';
import type { Config } from '../src/config';
import type { WriteDeps } from '../src/shared/write-deps';
import { ticketingDeps } from '../src/modules/ticketing/ticketing.deps';
import { createEvent } from '../src/modules/ticketing/commands/create-event/create-event.handler';
import { CreateEventInput } from '../src/modules/ticketing/commands/create-event/create-event.input';
import { createPerformance } from '../src/modules/ticketing/commands/create-performance/create-performance.handler';
import { CreatePerformanceInput, GradeInput } from '../src/modules/ticketing/commands/create-performance/create-performance.input';
import { createGate } from '../src/modules/waiting-room/commands/create-gate/create-gate.handler';
import { CreateGateInput } from '../src/modules/waiting-room/commands/create-gate/create-gate.input';
import { connectQueueRedis, createWaitingRoom, poolReads, queueTokenSecret } from '../src/modules/waiting-room/waiting-room.runtime';

const DAY = 24 * 3600 * 1000;

interface SeedPerformance {
  daysAhead: number;
  grades: Array<[name: string, price: number, seats: number]>;
  maxSeatsPerUser: number;
  /** A waiting room in front of it (the concert dates): at most this many shoppers choose seats at once. */
  gateMaxActive?: number;
}

const EVENTS: Array<{ name: string; venue: string; category: string; description: string; performances: SeedPerformance[] }> = [
  {
    name: 'Stampede Live: opening tour', venue: 'Olympic Hall, Seoul', category: 'concert', description: 'Three nights, seats 1 to 50 each',
    performances: [7, 8, 9].map((daysAhead) => ({ daysAhead, grades: [['R', 80_000, 50]], maxSeatsPerUser: 4, gateMaxActive: 2 })),
  },
  {
    name: 'KTX 101 Seoul → Busan', venue: 'Seoul Station', category: 'train', description: 'Departure 08:00; cars are grades',
    performances: [{ daysAhead: 3, grades: [['First class (car 1)', 83_700, 20], ['Standard (car 2)', 59_800, 60]], maxSeatsPerUser: 4 }],
  },
  {
    name: 'Distributed systems: guest lecture', venue: 'Engineering building, room 301', category: 'lecture', description: '30 places, one per student',
    performances: [{ daysAhead: 14, grades: [['Seat', 0, 30]], maxSeatsPerUser: 1 }],
  },
];

/**
 * Demo events for `npm run dev`, written through the command handlers: a concert with three
 * dates of 50 seats, each behind a waiting room, a train departure and a lecture sign-up.
 * The gates need Redis (the live queue); Postgres keeps them, so a later Redis is rebuilt.
 */
export async function seedTicketing(config: Config, pool: Pool, write: WriteDeps): Promise<string> {
  const { rows: [{ n }] } = await pool.query<{ n: string }>('select count(*) as n from ticketed_events');
  if (Number(n) > 0) return `ticketing already has ${n} events; left as they are`;
  const deps = ticketingDeps(write, null);
  const redis = connectQueueRedis(config.redisUrl);
  const room = createWaitingRoom({ redis, write, reads: poolReads(pool), log: pino({ level: 'warn' }), tokenSecret: queueTokenSecret(config) });
  const now = write.clock.now().getTime();
  let performances = 0;
  try {
    for (const e of EVENTS) {
      const event = await createEvent(deps, Object.assign(new CreateEventInput(), { name: e.name, venue: e.venue, category: e.category, description: e.description }));
      for (const p of e.performances) {
        const grades = p.grades.map(([name, price, seats]) => Object.assign(new GradeInput(), { name, price, seats }));
        const performance = await createPerformance(deps, Object.assign(new CreatePerformanceInput(), {
          eventId: event.id, startsAt: new Date(now + p.daysAhead * DAY), salesOpenAt: new Date(now), grades,
          maxSeatsPerUser: p.maxSeatsPerUser, holdSeconds: 300,
        }));
        performances++;
        if (p.gateMaxActive) {
          await createGate(room, Object.assign(new CreateGateInput(), {
            performanceId: performance.id, maxActive: p.gateMaxActive, admitPerMinute: 30, activeTtlSeconds: 600, heartbeatGraceSeconds: 60, fairness: 'FIFO',
          }));
        }
      }
    }
  } finally {
    await redis.quit().catch(() => redis.disconnect());
  }
  return `seeded ${EVENTS.length} ticketed events (${performances} performances; the concert dates behind waiting rooms)`;
}
