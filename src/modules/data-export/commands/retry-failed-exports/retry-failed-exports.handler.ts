import type { Clock } from '../../../../shared/clock';
import type { UserErrorData } from '../../../../shared/user-error';
import type { DataPlatform } from '../../data-platform.client';
import { exportBeingResent, exportFailedAgain, noSuchExport } from '../../domain/export-errors';
import type { FailedExportRow, FailedExportsStore } from '../../failed-exports.store';
import type { RetryFailedExportsInput } from './retry-failed-exports.input';

/** The ports retryFailedExports runs on (pgFailedExports + the HTTP platform in the app, fakes in unit specs). */
export interface RetryFailedExportsDeps {
  failedExports: FailedExportsStore;
  platform: DataPlatform;
  clock: Clock;
}

export interface RetryFailedExportsResult {
  resent: FailedExportRow[];
  stillFailing: FailedExportRow[];
  userErrors: UserErrorData[];
}

const PARALLEL_SENDS = 8;

/**
 * Resends parked exports now, with the same body and Idempotency-Key as the first attempts.
 * Each id succeeds or fails on its own: delivered ones come back in `resent` (already delivered
 * ones too, without a second send), failing ones in `stillFailing` with an EXPORT_FAILED error.
 * A row another admin is resending at this moment answers CONFLICT.
 */
export async function retryFailedExports(
  deps: RetryFailedExportsDeps, input: RetryFailedExportsInput, leaseMs: number,
): Promise<RetryFailedExportsResult> {
  const { failedExports, platform, clock } = deps;
  const ids = [...new Set(input.ids.map((id) => id.toLowerCase()))];
  const field = (id: string) => ['input', 'ids', String(input.ids.findIndex((x) => x.toLowerCase() === id))];
  const userErrors: UserErrorData[] = [];
  const found = new Map((await failedExports.byIds(ids)).map((row) => [row.id, row]));
  for (const id of ids) {
    if (!found.has(id)) userErrors.push(noSuchExport(id, field(id)));
  }
  const open = ids.filter((id) => found.get(id)?.resentAt === null);
  const claimed = new Set(await failedExports.claimForResend(open, clock.now(), leaseMs));
  for (const id of open) {
    if (!claimed.has(id)) userErrors.push(exportBeingResent(id, field(id)));
  }

  const failedIds = new Set<string>();
  await forEachLimited([...claimed], PARALLEL_SENDS, async (id) => {
    const row = found.get(id)!;
    try {
      await platform.send(row.payload, row.eventId);
      await failedExports.markDelivered(row.eventId, clock.now());
    } catch (err) {
      failedIds.add(id);
      const message = (err as Error).message;
      await failedExports.resendFailed(id, message);
      userErrors.push(exportFailedAgain(id, message, field(id)));
    }
  });

  const after = new Map((await failedExports.byIds([...found.keys()])).map((row) => [row.id, row]));
  const rows = ids.filter((id) => after.has(id)).map((id) => after.get(id)!);
  return {
    resent: rows.filter((row) => row.resentAt !== null),
    stillFailing: rows.filter((row) => failedIds.has(row.id)),
    userErrors,
  };
}

async function forEachLimited<T>(items: T[], limit: number, run: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await run(items[next++]);
  });
  await Promise.all(lanes);
}
