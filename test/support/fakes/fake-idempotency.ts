import type { IdempotencyScope, IdempotencyStore, StoredClaim } from '../../../src/shared/idempotency';
import type { Tx } from '../../../src/shared/tx';
import { mapParticipant, statement, type Participant } from './fake-transactions';

export interface FakeKeyRow {
  requestHash: string;
  /** As jsonb holds it: a JSON copy, null until saved. */
  response: unknown;
  createdAt: Date;
}

const keyOf = (scope: IdempotencyScope) => JSON.stringify([scope.userId, scope.operation, scope.key]);

/**
 * idempotency_keys in memory. claim: true the first time (the row is this transaction's),
 * afterwards the StoredClaim of the holder; saveResponse stores a JSON copy, so a replay answers
 * exactly what a retry against Postgres would get back (Dates as strings, undefined dropped).
 */
export class FakeIdempotency implements IdempotencyStore, Participant {
  readonly rows = new Map<string, FakeKeyRow>();
  private readonly saved = mapParticipant(this.rows);

  claim(tx: Tx, scope: IdempotencyScope, requestHash: string, now: Date): Promise<true | StoredClaim | null> {
    return statement(tx, 'idempotency.claim', () => {
      const row = this.rows.get(keyOf(scope));
      if (!row) {
        this.rows.set(keyOf(scope), { requestHash, response: null, createdAt: new Date(now) });
        return true as const;
      }
      return { requestHash: row.requestHash, response: row.response };
    });
  }

  saveResponse(tx: Tx, scope: IdempotencyScope, response: unknown): Promise<void> {
    return statement(tx, 'idempotency.saveResponse', () => {
      const row = this.rows.get(keyOf(scope));
      if (row) row.response = response === undefined ? null : JSON.parse(JSON.stringify(response));
    });
  }

  row(scope: IdempotencyScope): FakeKeyRow | null {
    return this.rows.get(keyOf(scope)) ?? null;
  }

  snapshot(): unknown {
    return this.saved.snapshot();
  }

  restore(saved: unknown): void {
    this.saved.restore(saved);
  }
}
