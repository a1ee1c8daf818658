import { newId } from '../../../../shared/ids';
import { makeEvent } from '../../../../shared/event';
import { fakeDataExportDeps, fakeWorld, type FakeWorld } from '../../../../../test/support/fakes';
import { retryFailedExports } from './retry-failed-exports.handler';

const LEASE_MS = 25_000;

describe('retryFailedExports', () => {
  let w: FakeWorld;
  beforeEach(() => {
    w = fakeWorld('2026-03-01T09:00:00.000Z');
  });

  /** Given: an OrderPaid export parked after its last attempt. */
  function parked(attempts = 5) {
    const event = makeEvent('OrderPaid', { type: 'Order', id: newId(), version: 2 }, new Date('2026-03-01T08:00:00.000Z'), { amount: 1_000 });
    const payload = { eventId: event.id, eventType: 'OrderPaid', order: { id: event.aggregateId, amount: 1_000 } };
    const id = w.failedExports.park(event, payload, attempts, 'answered HTTP 503', new Date('2026-03-01T08:30:00.000Z'));
    return { id, event, payload };
  }
  const retry = (ids: string[]) => retryFailedExports(fakeDataExportDeps(w), { ids }, LEASE_MS);

  it('given a parked export, when resent and the platform answers, then it is sent with the same body and Idempotency-Key, closed and remembered', async () => {
    // given
    const p = parked();

    // when
    const result = await retry([p.id]);

    // then
    expect(w.platform.sent).toEqual([{ body: p.payload, idempotencyKey: p.event.id }]);
    expect(result.userErrors).toEqual([]);
    expect(result.stillFailing).toEqual([]);
    expect(result.resent).toEqual([expect.objectContaining({ id: p.id, eventId: p.event.id, attempts: 5, resentAt: w.clock.now() })]);
    expect(w.failedExports.get(p.id)).toMatchObject({ resentAt: w.clock.now(), claimedUntil: null });
    expect(w.failedExports.delivered.has(p.event.id)).toBe(true);
  });

  it('given the platform still failing, then the export stays parked with one more attempt, EXPORT_FAILED at its index, and its lease freed', async () => {
    // given
    const p = parked(5);
    w.platform.failFor(p.event.id, 'answered HTTP 500');

    // when
    const result = await retry([p.id]);

    // then
    expect(result.resent).toEqual([]);
    expect(result.stillFailing).toEqual([expect.objectContaining({ id: p.id, attempts: 6, lastError: 'answered HTTP 500', resentAt: null })]);
    expect(result.userErrors).toEqual([expect.objectContaining({ code: 'EXPORT_FAILED', field: ['input', 'ids', '0'], message: expect.stringContaining('answered HTTP 500') })]);
    expect(w.failedExports.get(p.id)?.claimedUntil).toBeNull();

    // and a later retry (the platform is back) gets it through at once
    w.platform.recover(p.event.id);
    await expect(retry([p.id])).resolves.toMatchObject({ resent: [expect.objectContaining({ id: p.id })], userErrors: [] });
  });

  it('given an export delivered already, then it comes back in resent without a second send', async () => {
    const p = parked();
    await retry([p.id]);
    const twice = await retry([p.id]);
    expect(twice).toMatchObject({ resent: [expect.objectContaining({ id: p.id })], stillFailing: [], userErrors: [] });
    expect(w.platform.sent).toHaveLength(1);
  });

  it('given an unknown id, then NOT_FOUND at its index and nothing is sent', async () => {
    const result = await retry([newId()]);
    expect(result).toEqual({ resent: [], stillFailing: [], userErrors: [expect.objectContaining({ code: 'NOT_FOUND', field: ['input', 'ids', '0'] })] });
    expect(w.platform.sent).toEqual([]);
  });

  it('given another admin resending the same export right now, then CONFLICT and no second send; once the lease ran out it can be resent', async () => {
    // given: the other admin's lease
    const p = parked();
    await w.failedExports.claimForResend([p.id], w.clock.now(), LEASE_MS);

    // when
    const result = await retry([p.id]);

    // then
    expect(result).toEqual({ resent: [], stillFailing: [], userErrors: [expect.objectContaining({ code: 'CONFLICT', field: ['input', 'ids', '0'] })] });
    expect(w.platform.sent).toEqual([]);

    w.clock.advance(LEASE_MS + 1); // that admin crashed: the lease simply runs out
    await expect(retry([p.id])).resolves.toMatchObject({ resent: [expect.objectContaining({ id: p.id })], userErrors: [] });
  });

  it('given a mixed batch with repeats and upper-case ids, then each id is judged once, on its own, at the index it first appeared', async () => {
    // given
    const ok = parked();
    const failing = parked();
    w.platform.failFor(failing.event.id);
    const unknown = newId();

    // when
    const result = await retry([ok.id.toUpperCase(), failing.id, unknown, ok.id]);

    // then
    expect(w.platform.sent.map((s) => s.idempotencyKey).sort()).toEqual([ok.event.id, failing.event.id].sort());
    expect(result.resent.map((r) => r.id)).toEqual([ok.id]);
    expect(result.stillFailing.map((r) => r.id)).toEqual([failing.id]);
    expect(result.userErrors).toEqual(expect.arrayContaining([
      expect.objectContaining({ code: 'NOT_FOUND', field: ['input', 'ids', '2'] }),
      expect.objectContaining({ code: 'EXPORT_FAILED', field: ['input', 'ids', '1'] }),
    ]));
    expect(result.userErrors).toHaveLength(2);
  });
});
