import { newId } from '../../../src/shared/ids';
import type { DomainEvent } from '../../../src/shared/event';
import { ExportError, type DataPlatform } from '../../../src/modules/data-export/data-platform.client';
import type { FailedExportRow, FailedExportsStore } from '../../../src/modules/data-export/failed-exports.store';

interface ParkedRow extends FailedExportRow {
  claimedUntil: Date | null;
}

/**
 * failed_exports + the exporter's processed_events in memory, with pgFailedExports' semantics:
 * a lease is taken only on open rows whose lease ran out, a delivery closes the open row of its
 * event and is remembered, a failed resend counts an attempt and frees the lease. No
 * transactions: each call is its own statement, as in Postgres.
 */
export class FakeFailedExports implements FailedExportsStore {
  readonly rows = new Map<string, ParkedRow>();
  /** Event ids remembered as delivered (processed_events of the exporter). */
  readonly delivered = new Set<string>();

  async byIds(ids: string[]): Promise<FailedExportRow[]> {
    return ids.filter((id, i) => ids.indexOf(id) === i && this.rows.has(id)).map((id) => this.view(this.rows.get(id)!));
  }

  async claimForResend(ids: string[], at: Date, leaseMs: number): Promise<string[]> {
    const claimed: string[] = [];
    for (const id of new Set(ids)) {
      const row = this.rows.get(id);
      if (!row || row.resentAt !== null || (row.claimedUntil !== null && !(row.claimedUntil.getTime() < at.getTime()))) continue;
      row.claimedUntil = new Date(at.getTime() + leaseMs);
      claimed.push(id);
    }
    return claimed;
  }

  async markDelivered(eventId: string, at: Date): Promise<void> {
    this.delivered.add(eventId);
    for (const row of this.rows.values()) {
      if (row.eventId === eventId && row.resentAt === null) Object.assign(row, { resentAt: new Date(at), claimedUntil: null });
    }
  }

  async resendFailed(id: string, error: string): Promise<void> {
    const row = this.rows.get(id);
    if (row) Object.assign(row, { attempts: row.attempts + 1, lastError: error.slice(0, 1000), claimedUntil: null });
  }

  /** Given: an export parked after its last attempt (what the exporter's `park` writes); its row id. */
  park(event: DomainEvent, payload: unknown, attempts: number, error: string, at: Date): string {
    const existing = [...this.rows.values()].find((r) => r.eventId === event.id);
    if (existing) {
      Object.assign(existing, { attempts: existing.attempts + attempts, lastError: error.slice(0, 1000), failedAt: new Date(at), resentAt: null });
      return existing.id;
    }
    const id = newId(at.getTime());
    this.rows.set(id, {
      id, eventId: event.id, eventType: event.type, aggregateId: event.aggregateId, payload: JSON.parse(JSON.stringify(payload)),
      attempts, lastError: error.slice(0, 1000), failedAt: new Date(at), resentAt: null, claimedUntil: null,
    });
    return id;
  }

  /** The row with its lease, for assertions. */
  get(id: string): (FailedExportRow & { claimedUntil: Date | null }) | undefined {
    const row = this.rows.get(id);
    return row ? structuredClone(row) : undefined;
  }

  private view({ claimedUntil: _lease, ...row }: ParkedRow): FailedExportRow {
    return structuredClone(row);
  }
}

/**
 * A data platform that records what it was sent. It answers 2xx unless told otherwise:
 * `failFor(idempotencyKey, message)` makes sends with that key reject with ExportError.
 */
export class FakeDataPlatform implements DataPlatform {
  readonly sent: Array<{ body: unknown; idempotencyKey: string }> = [];
  private readonly failures = new Map<string, string>();

  async send(body: unknown, idempotencyKey: string): Promise<void> {
    this.sent.push({ body: structuredClone(body), idempotencyKey });
    const failure = this.failures.get(idempotencyKey);
    if (failure !== undefined) throw new ExportError(failure);
  }

  failFor(idempotencyKey: string, message = 'answered HTTP 503'): this {
    this.failures.set(idempotencyKey, message);
    return this;
  }

  recover(idempotencyKey: string): this {
    this.failures.delete(idempotencyKey);
    return this;
  }
}
