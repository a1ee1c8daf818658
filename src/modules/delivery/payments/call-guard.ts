import type { BreakerState } from './payment-gateway';

/**
 * What stands between us and the gateway: bulkhead → circuit breaker → timeout. `execute` runs
 * the call with an AbortSignal that fires at the timeout; it throws PaymentUnavailable when it
 * refused to call. `isFailure` tells the breaker what counts against the gateway: 5xx, timeouts
 * and lost connections do, a decline (an answer) never does.
 */
export interface CallGuard {
  execute<T>(call: (signal: AbortSignal) => Promise<T>): Promise<T>;
  state(): BreakerState;
}

export interface GuardSettings {
  timeoutMs: number;
  /** Consecutive failures that open the breaker. */
  failures: number;
  halfOpenAfterMs: number;
  bulkhead: number;
  bulkheadQueue: number;
}
