import { newId } from '../../../../shared/ids';
import { fakeWalletDeps, fakeWorld, refusal, type FakeWorld } from '../../../../../test/support/fakes';
import { MAX_BALANCE } from '../../domain/wallet-limits';
import { chargePoints } from './charge-points.handler';

describe('chargePoints', () => {
  let w: FakeWorld;
  const user = newId();
  beforeEach(() => {
    w = fakeWorld('2026-03-01T09:00:00.000Z');
  });

  it('given no wallet yet, when charged, then the wallet is created at version 1 with a CHARGE ledger row', async () => {
    // when
    const wallet = await chargePoints(fakeWalletDeps(w), user, { amount: 50_000, idempotencyKey: 'k1' });

    // then
    expect(wallet).toEqual({ userId: user, balance: 50_000, version: 1 });
    expect(w.wallets.ledgerOf(user)).toEqual([expect.objectContaining({ type: 'CHARGE', amount: 50_000, balanceAfter: 50_000, orderId: null, createdAt: w.clock.now() })]);
    expect(w.idempotency.row({ userId: user, operation: 'chargePoints', key: 'k1' })?.response).toEqual(wallet);
  });

  it('given a wallet, when charged again with a new key, then the amounts add up and the version moves', async () => {
    await chargePoints(fakeWalletDeps(w), user, { amount: 1_000, idempotencyKey: 'k1' });
    const wallet = await chargePoints(fakeWalletDeps(w), user, { amount: 2_500, idempotencyKey: 'k2' });
    expect(wallet).toEqual({ userId: user, balance: 3_500, version: 2 });
    expect(w.wallets.ledgerOf(user).map((r) => r.balanceAfter)).toEqual([1_000, 3_500]);
  });

  it('given the same key and amount again, then the same answer comes back and the wallet is charged once', async () => {
    // given
    const first = await chargePoints(fakeWalletDeps(w), user, { amount: 7_000, idempotencyKey: 'retry-me' });
    const before = w.state();

    // when
    const again = await chargePoints(fakeWalletDeps(w), user, { amount: 7_000, idempotencyKey: 'retry-me' });

    // then
    expect(again).toEqual(first);
    expect(w.state()).toEqual(before);
    expect(w.wallets.balanceOf(user)).toBe(7_000);
  });

  it('given the same key with another amount, then IDEMPOTENCY_KEY_REUSED on input.idempotencyKey and nothing is charged', async () => {
    await chargePoints(fakeWalletDeps(w), user, { amount: 7_000, idempotencyKey: 'k' });
    const before = w.state();
    const errors = await refusal(chargePoints(fakeWalletDeps(w), user, { amount: 8_000, idempotencyKey: 'k' }));
    expect(errors).toEqual([expect.objectContaining({ code: 'IDEMPOTENCY_KEY_REUSED', field: ['input', 'idempotencyKey'] })]);
    expect(w.state()).toEqual(before);
  });

  it('given another user with the same key, then it is their own key: both are charged', async () => {
    const other = newId();
    await chargePoints(fakeWalletDeps(w), user, { amount: 1_000, idempotencyKey: 'same' });
    await chargePoints(fakeWalletDeps(w), other, { amount: 2_000, idempotencyKey: 'same' });
    expect([w.wallets.balanceOf(user), w.wallets.balanceOf(other)]).toEqual([1_000, 2_000]);
  });

  it('given a charge that would pass MAX_BALANCE, then BALANCE_LIMIT_EXCEEDED on input.amount, nothing is written and the key is not used up', async () => {
    // given
    w.wallets.seed(user, MAX_BALANCE - 100);
    const before = w.state();

    // when
    const errors = await refusal(chargePoints(fakeWalletDeps(w), user, { amount: 101, idempotencyKey: 'k' }));

    // then
    expect(errors).toEqual([expect.objectContaining({ code: 'BALANCE_LIMIT_EXCEEDED', field: ['input', 'amount'] })]);
    expect(w.state()).toEqual(before);
    // the refused claim rolled back with it: the same key may carry the right amount now
    await expect(chargePoints(fakeWalletDeps(w), user, { amount: 100, idempotencyKey: 'k' })).resolves.toMatchObject({ balance: MAX_BALANCE });
  });
});
