/**
 * Limits on prepaid points (integer KRW). A charge outside 1..MAX_CHARGE is BAD_USER_INPUT;
 * a charge that would lift the balance above MAX_BALANCE is BALANCE_LIMIT_EXCEEDED. Refunds are
 * never refused: they may lift a balance above the ceiling, which then only blocks charging.
 */
export const MIN_CHARGE = 1;
export const MAX_CHARGE = 1_000_000;
export const MAX_BALANCE = 10_000_000;

export type WalletTransactionKind = 'CHARGE' | 'PAYMENT' | 'REFUND';
