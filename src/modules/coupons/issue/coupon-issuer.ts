import type { Logger } from 'pino';
import { couponExpiry, isCampaignOpen } from '../domain/coupon-campaign.entity';
import type { CouponGate, GateAnswer, GateVerdict } from './coupon-gate';
import {
  hasCoupon, issueInPostgres, loadCampaignWindow, loadGateState, type CampaignWindow, type IssueOutcome, type Queryable,
} from './coupon-issue.store';
import { couponIssueAttempts } from './coupon-metrics';

const MAX_CACHED_CAMPAIGNS = 10_000;

/**
 * First-come issuing: Postgres decides, Redis (when present and healthy) turns losers away
 * early. Long-lived (one per process); per-request state is only in the arguments.
 *
 *   window closed? ─▶ NOT_ACTIVE                              (campaign terms: immutable, cached here)
 *   gate.admit ─ EXHAUSTED ─▶ EXHAUSTED                        (every slot issued or in flight)
 *             ─ ALREADY ───▶ Postgres has one? ALREADY_ISSUED : try Postgres
 *             ─ MISSING ───▶ rebuild the gate from Postgres, admit again
 *             ─ ADMITTED ──▶ Postgres conditional issue, then settle the gate with its verdict
 *             ─ (Redis error) ▶ Postgres conditional issue    (slower, just as exact)
 */
export class CouponIssuer {
  /** Campaign terms never change after creation, so caching them is exact; misses are not cached. */
  private readonly windows = new Map<string, CampaignWindow>();

  constructor(private readonly db: Queryable, private readonly gate: CouponGate | null, private readonly log: Logger) {}

  async issue(campaignId: string, userId: string, now: Date): Promise<IssueOutcome> {
    const window = await this.window(campaignId);
    if (!window) return this.count('none', { outcome: 'NOT_FOUND' });
    if (!isCampaignOpen(window, now)) return this.count('none', { outcome: 'NOT_ACTIVE' });
    const args = { campaignId, userId, now, expiresAt: couponExpiry(now, window.couponValidDays) };

    const answer = await this.admit(window, userId, now);
    if (answer === 'EXHAUSTED') return this.count('redis', { outcome: 'EXHAUSTED' });
    if (answer === 'ALREADY') {
      if (await hasCoupon(this.db, campaignId, userId)) return this.count('redis', { outcome: 'ALREADY_ISSUED' });
      // Admitted but not issued yet (a concurrent request of the same user, or a stale entry): let Postgres decide.
      return this.count('postgres', await issueInPostgres(this.db, args));
    }
    if (answer !== 'ADMITTED') return this.count('postgres', await issueInPostgres(this.db, args));

    let result: IssueOutcome;
    try {
      result = await issueInPostgres(this.db, args);
    } catch (err) {
      await this.settle(campaignId, userId, 'REFUSED'); // give the slot back, then fail the request
      throw err;
    }
    const verdict: GateVerdict = result.outcome === 'ISSUED' || result.outcome === 'ALREADY_ISSUED' || result.outcome === 'EXHAUSTED'
      ? result.outcome : 'REFUSED';
    await this.settle(campaignId, userId, verdict);
    return this.count('postgres', result);
  }

  /** Builds the gate for a new campaign (called after its creation committed). Best effort. */
  async prepareGate(campaignId: string, totalQuantity: number, endsAt: Date): Promise<void> {
    if (!this.gate) return;
    await this.gate.init(campaignId, { remaining: totalQuantity, userIds: [] }, endsAt)
      .catch((err: Error) => this.log.warn({ campaignId, err: err.message }, 'coupon gate not prepared; it is rebuilt on first use'));
  }

  /** The gate's answer, or undefined to go straight to Postgres (no gate, Redis down, gate unbuildable). */
  private async admit(window: CampaignWindow, userId: string, now: Date): Promise<GateAnswer | undefined> {
    if (!this.gate) return undefined;
    try {
      let answer = await this.gate.admit(window.id, userId, now);
      if (answer === 'MISSING') {
        const state = await loadGateState(this.db, window.id);
        if (!state) return undefined;
        await this.gate.init(window.id, state, window.endsAt);
        answer = await this.gate.admit(window.id, userId, now);
      }
      return answer === 'MISSING' ? undefined : answer;
    } catch (err) {
      this.redisFailed(err);
      return undefined;
    }
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

  private count(path: 'redis' | 'postgres' | 'none', result: IssueOutcome): IssueOutcome {
    couponIssueAttempts.inc({ outcome: result.outcome, decided_by: path });
    return result;
  }

  private warnedAt = 0;
  private redisFailed(err: unknown): void {
    const now = Date.now();
    if (now - this.warnedAt > 5_000) {
      this.warnedAt = now;
      this.log.warn({ err: (err as Error).message }, 'coupon gate unavailable, issuing through Postgres only');
    }
  }
}
