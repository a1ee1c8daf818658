/**
 * The card payment gateway as the delivery handlers see it (a port: HttpPaymentGateway in the
 * app, FakePaymentGateway in unit specs). A decline is an answer, not a failure.
 */
export type AuthorizationAnswer = { outcome: 'AUTHORIZED'; id: string } | { outcome: 'DECLINED'; reason: string };

export interface GatewayRecord {
  id: string;
  status: string;
}

export interface AuthorizationRequest {
  amount: number;
  cardToken: string;
  /** Our order id, for the gateway's records. */
  reference: string;
}

export interface PaymentGateway {
  /** Throws PaymentUnavailable (not sent) or PaymentOutcomeUnknown (sent; it may have been taken). */
  authorize(request: AuthorizationRequest, idempotencyKey: string): Promise<AuthorizationAnswer>;
  /** The authorization made with this key, or null when the gateway has none. */
  findByKey(idempotencyKey: string): Promise<GatewayRecord | null>;
  capture(authorizationId: string, idempotencyKey: string): Promise<GatewayRecord>;
  void(authorizationId: string, idempotencyKey: string): Promise<GatewayRecord>;
  refund(authorizationId: string, amount: number, idempotencyKey: string): Promise<GatewayRecord>;
  /** The breaker's state, for answers and /metrics. */
  breakerState(): BreakerState;
}

export type BreakerState = 'closed' | 'open' | 'half-open';

/** The call was not made: the breaker is open (or half-open with its probe out) or the bulkhead is full. */
export class PaymentUnavailable extends Error {
  constructor(readonly retryAfterSeconds: number, reason: string) {
    super(`payment gateway not called: ${reason}`);
  }
}

/** The call was made and no definite answer came back (5xx, timeout, connection lost): the charge may exist. */
export class PaymentOutcomeUnknown extends Error {}
