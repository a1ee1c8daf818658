import type { Tx } from '../../../shared/tx';
import type { EndReason, Ticket, TicketStatus } from '../domain/ticket';
import type { TicketMove } from '../events';

/** One move of a ticket and the ticket right after it (what the Redis journal carries). */
export interface TicketMoveRecord {
  move: TicketMove;
  ticket: Ticket;
  at: Date;
}

/**
 * The waiting room's Postgres record of tickets: `waiting_room_ticket_events` (one row per
 * move, the idempotency key) and `waiting_room_tickets` (each ticket as of its latest move).
 */
export interface TicketStore {
  /**
   * Writes a batch of moves in two statements (issued together); returns the moves that were
   * new to Postgres — a move written before (a sweep racing the request that made it) is
   * skipped, and an older snapshot never overwrites a newer one. Moves may arrive in any order.
   */
  record(tx: Tx, moves: readonly TicketMoveRecord[]): Promise<TicketMoveRecord[]>;
  /** What a rebuild loads: live tickets in queue order, plus those admitted since `admittedSince`. */
  forRebuild(tx: Tx, gateId: string, admittedSince: Date): Promise<{ tickets: Ticket[]; seq: number; admittedNo: number }>;
  byId(tx: Tx, id: string): Promise<Ticket | null>;
  /** WAITING tickets ahead of this one (Postgres's view, for when Redis is away). */
  ahead(tx: Tx, ticket: Ticket): Promise<number>;
  counts(tx: Tx, gateId: string, now: Date): Promise<{ waiting: number; active: number; admittedLastMinute: number; oldestAdmission: number | null }>;
}

const COLUMNS = `id, gate_id as "gateId", user_id as "userId", seq::float8 as seq, order_key::float8 as "orderKey", prequeued, status,
  entered_at as "enteredAt", admitted_at as "admittedAt", admitted_no::float8 as "admittedNo", expires_at as "expiresAt",
  ended_at as "endedAt", end_reason as "endReason", version`;

export const pgTickets: TicketStore = {
  async record(tx, moves) {
    if (moves.length === 0) return [];
    const unique = [...new Map(moves.map((m) => [`${m.ticket.id}/${m.ticket.version}`, m])).values()];
    const sorted = unique.sort((a, b) => (a.ticket.id < b.ticket.id ? -1 : a.ticket.id > b.ticket.id ? 1 : a.ticket.version - b.ticket.version));
    const latest = new Map<string, Ticket>();
    for (const m of sorted) latest.set(m.ticket.id, m.ticket); // sorted by version within a ticket: the last is the newest
    const tickets = [...latest.values()];
    const col = <K extends keyof Ticket>(key: K) => tickets.map((t) => t[key]);
    // Both statements lock rows in id order, so concurrent writers (many processes) cannot deadlock.
    const fresh = tx.query<{ ticket_id: string; version: number }>(
      `insert into waiting_room_ticket_events (ticket_id, version, gate_id, type, occurred_at)
       select * from unnest($1::uuid[], $2::int[], $3::uuid[], $4::text[], $5::timestamptz[]) order by 1, 2
       on conflict do nothing returning ticket_id, version`,
      [sorted.map((m) => m.ticket.id), sorted.map((m) => m.ticket.version), sorted.map((m) => m.ticket.gateId), sorted.map((m) => m.move), sorted.map((m) => m.at)],
    );
    const upsert = tx.query(
      `insert into waiting_room_tickets (id, gate_id, user_id, seq, order_key, prequeued, status, entered_at,
         admitted_at, admitted_no, expires_at, ended_at, end_reason, version)
       select * from unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::bigint[], $5::bigint[], $6::bool[], $7::text[],
         $8::timestamptz[], $9::timestamptz[], $10::bigint[], $11::timestamptz[], $12::timestamptz[], $13::text[], $14::int[]) order by 1
       on conflict (id) do update set status = excluded.status, admitted_at = excluded.admitted_at, admitted_no = excluded.admitted_no,
         expires_at = excluded.expires_at, ended_at = excluded.ended_at, end_reason = excluded.end_reason, version = excluded.version
       where waiting_room_tickets.version < excluded.version`,
      [col('id'), col('gateId'), col('userId'), col('seq'), col('orderKey'), col('prequeued'), col('status'), col('enteredAt'),
        col('admittedAt'), col('admittedNo'), col('expiresAt'), col('endedAt'), col('endReason'), col('version')],
    );
    const [rows] = await Promise.all([fresh, upsert]);
    const isNew = new Set(rows.map((r) => `${r.ticket_id}/${r.version}`));
    return unique.filter((m) => isNew.has(`${m.ticket.id}/${m.ticket.version}`)).sort((a, b) => a.at.getTime() - b.at.getTime());
  },

  async forRebuild(tx, gateId, admittedSince) {
    const [tickets, [top]] = await Promise.all([
      tx.query<Ticket>(
        `select ${COLUMNS} from waiting_room_tickets
         where gate_id = $1 and (status <> 'EXPIRED' or admitted_at > $2) order by order_key, id`,
        [gateId, admittedSince],
      ),
      tx.query<{ seq: string | null; admitted_no: string | null }>(
        `select (select max(seq) from waiting_room_tickets where gate_id = $1) as seq,
                (select max(admitted_no) from waiting_room_tickets where gate_id = $1 and admitted_at is not null) as admitted_no`,
        [gateId],
      ),
    ]);
    return { tickets: tickets.map(normalize), seq: Number(top?.seq ?? 0), admittedNo: Number(top?.admitted_no ?? 0) };
  },

  async byId(tx, id) {
    const rows = await tx.query<Ticket>(`select ${COLUMNS} from waiting_room_tickets where id = $1`, [id]);
    return rows[0] ? normalize(rows[0]) : null;
  },

  async ahead(tx, t) {
    const rows = await tx.query<{ n: number }>(
      `select count(*)::int as n from waiting_room_tickets
       where gate_id = $1 and status = 'WAITING' and (order_key, id) < ($2, $3)`,
      [t.gateId, t.orderKey, t.id],
    );
    return rows[0]?.n ?? 0;
  },

  async counts(tx, gateId, now) {
    const rows = await tx.query<{ waiting: number; active: number; admitted: number; oldest: Date | null }>(
      `select count(*) filter (where status = 'WAITING')::int as waiting,
              count(*) filter (where status = 'ACTIVE' and expires_at > $2)::int as active,
              (select count(*)::int from waiting_room_tickets where gate_id = $1 and admitted_at > $3) as admitted,
              (select min(admitted_at) from waiting_room_tickets where gate_id = $1 and admitted_at > $3) as oldest
       from waiting_room_tickets where gate_id = $1 and status <> 'EXPIRED'`,
      [gateId, now, new Date(now.getTime() - 60_000)],
    );
    const r = rows[0];
    return { waiting: r?.waiting ?? 0, active: r?.active ?? 0, admittedLastMinute: r?.admitted ?? 0, oldestAdmission: r?.oldest ? r.oldest.getTime() : null };
  },
};

function normalize(t: Ticket): Ticket {
  return { ...t, status: t.status as TicketStatus, endReason: (t.endReason ?? null) as EndReason | null };
}
