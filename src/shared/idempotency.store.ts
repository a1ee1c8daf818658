import { KEY_RETENTION_HOURS, type IdempotencyScope, type IdempotencyStore, type StoredClaim } from './idempotency';
import type { Tx } from './tx';

/** The idempotency_keys table. */
export const pgIdempotency: IdempotencyStore = {
  async claim(tx, scope, requestHash, now) {
    const claimed = await tx.query(
      `insert into idempotency_keys (user_id, operation, key, request_hash, created_at) values ($1, $2, $3, $4, $5)
       on conflict do nothing returning 1`,
      [scope.userId, scope.operation, scope.key, requestHash, now],
    );
    if (claimed.length === 1) return true;
    const [row] = await tx.query<StoredClaim>(
      'select request_hash as "requestHash", response from idempotency_keys where user_id = $1 and operation = $2 and key = $3',
      [scope.userId, scope.operation, scope.key],
    );
    return row ?? null;
  },

  async saveResponse(tx, scope: IdempotencyScope, response) {
    await tx.query('update idempotency_keys set response = $1::jsonb where user_id = $2 and operation = $3 and key = $4', [
      JSON.stringify(response), scope.userId, scope.operation, scope.key,
    ]);
  },
};

/** Worker housekeeping: deletes keys older than the retention, a bounded batch at a time. */
export async function purgeIdempotencyKeys(tx: Tx, now: Date, batch = 5_000): Promise<number> {
  const cutoff = new Date(now.getTime() - KEY_RETENTION_HOURS * 3600_000);
  const rows = await tx.query(
    'delete from idempotency_keys where ctid in (select ctid from idempotency_keys where created_at < $1 limit $2) returning 1',
    [cutoff, batch],
  );
  return rows.length;
}
