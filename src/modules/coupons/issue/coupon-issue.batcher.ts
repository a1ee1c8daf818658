import type { OutboxStore } from '../../../shared/outbox';
import type { Transactions } from '../../../shared/tx';
import { issueBatch, type Claim, type ClaimResult, type IssueOutcome } from './coupon-issue.store';

const MAX_BATCH = 500;
const MAX_RETRIES = 5;

interface Waiting {
  claim: Claim;
  retries: number;
  resolve(result: IssueOutcome): void;
  reject(err: unknown): void;
}

/**
 * Natural batching of claims per campaign: while one batch statement is in Postgres, new claims
 * for that campaign wait; when it returns, all of them go in the next one. An idle campaign
 * costs no added latency (a lone claim goes at once); a stampeding one pays one row lock and
 * one WAL flush per batch instead of per claim. The batch statement and its events' outbox rows
 * are one transaction of two round trips (BEGIN + batch, then outbox rows + COMMIT). One batch per campaign in flight per process.
 */
export class IssueBatcher {
  private readonly queues = new Map<string, { waiting: Waiting[]; busy: boolean }>();

  constructor(private readonly transactions: Transactions, private readonly outbox: OutboxStore) {}

  claim(campaignId: string, claim: Claim): Promise<IssueOutcome> {
    return new Promise((resolve, reject) => {
      let queue = this.queues.get(campaignId);
      if (!queue) this.queues.set(campaignId, (queue = { waiting: [], busy: false }));
      queue.waiting.push({ claim, retries: 0, resolve, reject });
      if (!queue.busy) void this.drain(campaignId, queue);
    });
  }

  private async drain(campaignId: string, queue: { waiting: Waiting[]; busy: boolean }): Promise<void> {
    queue.busy = true;
    while (queue.waiting.length > 0) {
      const batch = queue.waiting.splice(0, MAX_BATCH);
      let results: ClaimResult[];
      try {
        // The window is judged at the batch's first claim: a batch spans milliseconds.
        results = await this.transactions.withTransaction(async (tx) => {
          const issued = await issueBatch(tx, campaignId, batch[0].claim.issuedAt, batch.map((w) => w.claim));
          this.outbox.append(tx, issued.events).catch(() => undefined); // travels with the COMMIT, which reports its failure (shared/tx.ts)
          return issued.results;
        });
      } catch (err) {
        batch.forEach((w) => w.reject(err));
        continue;
      }
      const again: Waiting[] = [];
      batch.forEach((w, i) => {
        const result = results[i];
        if (result.outcome !== 'RETRY') return w.resolve(result);
        if (++w.retries > MAX_RETRIES) return w.resolve({ outcome: 'EXHAUSTED' });
        again.push(w);
      });
      queue.waiting.unshift(...again); // they came first: they stay first
    }
    queue.busy = false;
    this.queues.delete(campaignId);
  }
}
