import { GroupCommit } from '../../shared/group-commit';
import type { OutboxStore } from '../../shared/outbox';
import type { Transactions } from '../../shared/tx';
import { ticketEvent } from './events';
import { ticketOf, type JournalEntry, type LiveQueue } from './live/live-queue';
import type { TicketStore } from './stores/ticket.store';

/** How long an entry may sit in the Redis journal before the sweep writes it (its writer died, or Postgres failed). */
export const JOURNAL_SWEEP_AGE_MS = 2_000;

/**
 * Writes the journal's entries to Postgres — the ticket rows and their outbox events, in one
 * transaction per batch — then deletes them from the Redis journal. Group commit: entries
 * arriving while a batch is in Postgres go together in the next one, so 10,000 entrants cost
 * a few dozen transactions, not 10,000. Idempotent (ticket events are keyed by ticket and
 * version), so the request that made a move and the sweep may both write it.
 */
export class JournalWriter {
  private readonly group: GroupCommit<JournalEntry>;

  constructor(
    private readonly transactions: Transactions,
    private readonly outbox: OutboxStore,
    private readonly tickets: TicketStore,
    private readonly live: LiveQueue,
    maxBatch = 1_000,
  ) {
    this.group = new GroupCommit((entries) => this.write(entries), maxBatch);
  }

  /** Resolves once every entry is in Postgres. */
  async persist(entries: readonly JournalEntry[]): Promise<void> {
    if (entries.length > 0) await Promise.all(entries.map((e) => this.group.add(e)));
  }

  /** Writes what the requests that made them did not (older than JOURNAL_SWEEP_AGE_MS); returns how many. */
  async sweep(gateId: string, limit = 1_000): Promise<number> {
    const entries = await this.live.journalBefore(gateId, Date.now() - JOURNAL_SWEEP_AGE_MS, limit);
    await this.persist(entries);
    return entries.length;
  }

  private async write(entries: JournalEntry[]): Promise<void> {
    const moves = entries.map((e) => ({ move: e.kind, ticket: ticketOf(e.ticket), at: new Date(e.at) }));
    await this.transactions.withTransaction(async (tx) => {
      const fresh = await this.tickets.record(tx, moves);
      this.outbox.append(tx, fresh.map((m) => ticketEvent(m.move, m.ticket, m.at))).catch(() => undefined); // travels with the COMMIT, which reports its failure
    });
    const byGate = new Map<string, string[]>();
    for (const e of entries) {
      const ids = byGate.get(e.gateId);
      if (ids) ids.push(e.streamId);
      else byGate.set(e.gateId, [e.streamId]);
    }
    // Best effort: an entry left behind is written again by the sweep, which changes nothing.
    await Promise.all([...byGate].map(([gateId, ids]) => this.live.dropJournal(gateId, ids).catch(() => undefined)));
  }
}
