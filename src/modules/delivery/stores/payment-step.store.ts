import type { Tx } from '../../../shared/tx';

export type PaymentStepKind = 'CAPTURE' | 'VOID' | 'REFUND';

/** A gateway call the saga owes for an order (see docs/delivery.md). */
export interface PaymentStep {
  orderId: string;
  step: PaymentStepKind;
  /** The attempt's authorization key: the authorization id is looked up by it when it is not known yet. */
  authorizationKey: string;
  authorizationId: string | null;
  amount: number;
  attempts: number;
}

/** A step is one gateway call for one authorization of one order. */
export type StepId = Pick<PaymentStep, 'orderId' | 'step' | 'authorizationKey'>;

export interface PaymentStepStore {
  /** In the transaction of the transition that owes it; false when that authorization already owes that step. */
  owe(tx: Tx, step: Omit<PaymentStep, 'attempts'>, now: Date): Promise<boolean>;
  /** Leases due steps to this worker for `leaseMs` (a crashed worker's lease runs out and another takes over). */
  lease(tx: Tx, now: Date, leaseMs: number, limit: number): Promise<PaymentStep[]>;
  finish(tx: Tx, step: StepId, outcome: 'DONE' | 'NOTHING_TO_DO', now: Date): Promise<void>;
  /** A failed attempt: retried after `retryAt`. */
  failed(tx: Tx, step: StepId, error: string, retryAt: Date): Promise<void>;
}

export const pgPaymentSteps: PaymentStepStore = {
  async owe(tx, s, now) {
    const rows = await tx.query(
      `insert into delivery_payment_steps (order_id, step, authorization_key, authorization_id, amount, created_at)
       values ($1, $2, $3, $4, $5, $6) on conflict do nothing returning 1`,
      [s.orderId, s.step, s.authorizationKey, s.authorizationId, s.amount, now],
    );
    return rows.length === 1;
  },

  lease(tx, now, leaseMs, limit) {
    return tx.query<PaymentStep>(
      `update delivery_payment_steps set leased_until = $1::timestamptz + make_interval(secs => $2::float8 / 1000), attempts = attempts + 1
       where (order_id, step) in (
         select order_id, step from delivery_payment_steps
         where status = 'PENDING' and (leased_until is null or leased_until < $1) order by created_at limit $3 for update skip locked)
       returning order_id as "orderId", step, authorization_key as "authorizationKey", authorization_id as "authorizationId", amount, attempts`,
      [now, leaseMs, limit],
    );
  },

  async finish(tx, s, outcome, now) {
    await tx.query(
      'update delivery_payment_steps set status = $4, done_at = $5, leased_until = null where order_id = $1 and step = $2 and authorization_key = $3',
      [s.orderId, s.step, s.authorizationKey, outcome, now],
    );
  },

  async failed(tx, s, error, retryAt) {
    await tx.query(
      'update delivery_payment_steps set last_error = $4, leased_until = $5 where order_id = $1 and step = $2 and authorization_key = $3',
      [s.orderId, s.step, s.authorizationKey, error.slice(0, 500), retryAt],
    );
  },
};
