import type { Logger } from 'pino';
import type { OutboxStore } from '../../../shared/outbox';
import type { Transactions } from '../../../shared/tx';
import { couponExpiry, isCampaignOpen } from '../domain/coupon-campaign';
import type { CouponGate, GateAnswer, GateVerdict } from './coupon-gate';
import { loadCampaignWindow, loadGateState, loadRemaining, type CampaignWindow, type IssueOutcome, type Queryable } from './coupon-issue.store';
import { IssueBatcher } from './coupon-issue.batcher';
import { couponIssueAttempts } from './coupon-metrics';

const MAX_CACHED_CAMPAIGNS = 10_000;
type Admission = Exclude<GateAnswer, 'FULL' | 'MISSING'> | 'UNKNOWN' | 'NO_GATE';

/**
 * First-come issuing: Postgres decides, Redis (when present and healthy) turns losers away
 * early. Long-lived (one per process); per-request state is only in the arguments.
 *
 *   window closed? ─▶ NOT_ACTIVE                     (campaign terms are immutable: cached here)
 *   gate.admit ─ ADMITTED ─▶ Postgres batch issue (coupon-issue.store.ts), then settle the gate
 *             ─ ALREADY ──▶ ALREADY_ISSUED             (a settled holder)
 *             ─ EXHAUSTED ▶ EXHAUSTED                  (Postgres already said so; final)
 *             ─ FULL ─────▶ read Postgres's remaining (lock-free, shared by concurrent callers):
 *                           0 → EXHAUSTED (and mark the gate sold out); otherwise admit again
 *                           with it, which repairs leaked slots; still FULL → EXHAUSTED: every
 *                           free coupon is being claimed by a request in flight right now
 *             ─ INFLIGHT ─▶ Postgres batch issue (this user's other request is there now)
 *             ─ MISSING ──▶ rebuild the gate from Postgres, admit again
 *             ─ Redis error ▶ Postgres batch issue (slower, just as exact), then a
 *                           best-effort settle in case the admit ran before the error
 */
export class CouponIssuer {
  /** Campaign terms never change after creation, so caching them is exact; misses are not cached. */
  private readonly windows = new Map<string, CampaignWindow>();
  /** One "how many are left in Postgres?" read per campaign at a time, reused for a moment. */
  private readonly remainingReads = new Map<string, { at: number; value: Promise<number | null> }>();
  private readonly batcher: IssueBatcher;
  private warnedAt = 0;

  constructor(
    private readonly db: Queryable,
    write: { transactions: Transactions; outbox: OutboxStore },
    private readonly gate: CouponGate | null,
    private readonly log: Logger,
    private readonly remainingReadMs = 50,
  ) {
    this.batcher = new IssueBatcher(write.transactions, write.outbox);
  }

  async issue(campaignId: string, userId: string, now: Date): Promise<IssueOutcome> {
    const window = await this.window(campaignId);
    if (!window) return this.count('none', { outcome: 'NOT_FOUND' });
    if (!isCampaignOpen(window, now)) return this.count('none', { outcome: 'NOT_ACTIVE' });
    const claim = { userId, issuedAt: now, expiresAt: couponExpiry(now, window.couponValidDays) };

    const admission = await this.admit(window, userId, now);
    if (admission === 'EXHAUSTED') return this.count('redis', { outcome: 'EXHAUSTED' });
    if (admission === 'ALREADY') return this.count('redis', { outcome: 'ALREADY_ISSUED' });

    let result: IssueOutcome;
    try {
      result = await this.batcher.claim(campaignId, claim);
    } catch (err) {
      if (admission === 'ADMITTED') await this.settle(campaignId, userId, 'REFUSED'); // give the slot back, then fail
      throw err;
    }
    if (admission === 'ADMITTED' || admission === 'UNKNOWN') await this.settle(campaignId, userId, verdictOf(result));
    return this.count('postgres', result);
  }

  /** Builds the gate for a new campaign (called after its creation committed). Best effort. */
  async prepareGate(campaignId: string, totalQuantity: number, endsAt: Date): Promise<void> {
    if (!this.gate) return;
    await this.gate.init(campaignId, { remaining: totalQuantity, userIds: [] }, endsAt)
      .catch((err: Error) => this.log.warn({ campaignId, err: err.message }, 'coupon gate not prepared; it is rebuilt on first use'));
  }

  private async admit(window: CampaignWindow, userId: string, now: Date): Promise<Admission> {
    if (!this.gate) return 'NO_GATE';
    try {
      let answer = await this.gate.admit(window.id, userId, now);
      if (answer === 'MISSING') {
        const state = await loadGateState(this.db, window.id);
        if (!state) return 'NO_GATE';
        await this.gate.init(window.id, state, window.endsAt);
        answer = await this.gate.admit(window.id, userId, now);
        if (answer === 'MISSING') return 'NO_GATE';
      }
      if (answer !== 'FULL') return answer;
      const remaining = await this.postgresRemaining(window.id);
      if (remaining === null) return 'NO_GATE';
      if (remaining <= 0) {
        await this.gate.settle(window.id, userId, 'EXHAUSTED'); // marks the gate sold out for everyone
        return 'EXHAUSTED';
      }
      answer = await this.gate.admit(window.id, userId, now, remaining);
      return answer === 'FULL' || answer === 'MISSING' ? 'EXHAUSTED' : answer;
    } catch (err) {
      this.redisFailed(err);
      return 'UNKNOWN';
    }
  }

  /** total − issued from Postgres: a plain MVCC read that never waits for the hot row's writers. */
  private postgresRemaining(campaignId: string): Promise<number | null> {
    const cached = this.remainingReads.get(campaignId);
    if (cached && Date.now() - cached.at < this.remainingReadMs) return cached.value;
    const value = loadRemaining(this.db, campaignId);
    if (this.remainingReads.size >= MAX_CACHED_CAMPAIGNS) this.remainingReads.clear();
    this.remainingReads.set(campaignId, { at: Date.now(), value });
    value.catch(() => this.remainingReads.delete(campaignId));
    return value;
  }

  private async settle(campaignId: string, userId: string, verdict: GateVerdict): Promise<void> {
    // If this fails the admission stays pending and its lease expires: the slot comes back then.
    await this.gate?.settle(campaignId, userId, verdict).catch((err) => this.redisFailed(err));
  }

  private async window(campaignId: string): Promise<CampaignWindow | null> {
    const cached = this.windows.get(campaignId);
    if (cached) return cached;
    const loaded = await loadCampaignWindow(this.db, campaignId);
    if (loaded) {
      if (this.windows.size >= MAX_CACHED_CAMPAIGNS) this.windows.clear();
      this.windows.set(campaignId, loaded);
    }
    return loaded;
  }

  private count(decidedBy: 'redis' | 'postgres' | 'none', result: IssueOutcome): IssueOutcome {
    couponIssueAttempts.inc({ outcome: result.outcome, decided_by: decidedBy });
    return result;
  }

  private redisFailed(err: unknown): void {
    const now = Date.now();
    if (now - this.warnedAt > 5_000) {
      this.warnedAt = now;
      this.log.warn({ err: (err as Error).message }, 'coupon gate unavailable, issuing through Postgres only');
    }
  }
}

function verdictOf(result: IssueOutcome): GateVerdict {
  return result.outcome === 'ISSUED' || result.outcome === 'ALREADY_ISSUED' || result.outcome === 'EXHAUSTED' ? result.outcome : 'REFUSED';
}
