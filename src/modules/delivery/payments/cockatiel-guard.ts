import {
  BrokenCircuitError, BulkheadRejectedError, bulkhead, circuitBreaker, CircuitState, ConsecutiveBreaker, handleAll, IsolatedCircuitError,
  timeout, TimeoutStrategy, wrap,
} from 'cockatiel';
import type { CallGuard, GuardSettings } from './call-guard';
import { PaymentUnavailable, type BreakerState } from './payment-gateway';
import { gatewayRejections, recordBreakerState } from './payment-metrics';

const stateOf = (s: CircuitState): BreakerState => (s === CircuitState.Closed ? 'closed' : s === CircuitState.HalfOpen ? 'half-open' : 'open');

/**
 * Bulkhead → breaker → timeout, from cockatiel 3.2.1 (4.x is ESM-only and needs Node 22). Every
 * thrown error of the call counts against the gateway; the HTTP client returns declines as
 * values, so they never do. Two guards of our own on top, because cockatiel 3.2.1 lets every
 * call that arrives during the half-open probe wait for it and then go through: while half-open
 * we refuse at once, so exactly one probe reaches the gateway; and we answer retryAfterSeconds
 * from the moment the breaker opened.
 */
export function paymentGuard(settings: GuardSettings): CallGuard {
  const breaker = circuitBreaker(handleAll, { halfOpenAfter: settings.halfOpenAfterMs, breaker: new ConsecutiveBreaker(settings.failures) });
  const policy = wrap(bulkhead(settings.bulkhead, settings.bulkheadQueue), breaker, timeout(settings.timeoutMs, TimeoutStrategy.Aggressive));
  let openedAt = 0;
  breaker.onStateChange((s) => {
    if (s === CircuitState.Open) openedAt = Date.now();
    recordBreakerState(stateOf(s));
  });
  recordBreakerState('closed');
  const retryAfter = () => Math.max(1, Math.ceil((openedAt + settings.halfOpenAfterMs - Date.now()) / 1000));

  return {
    state: () => stateOf(breaker.state),
    async execute(call) {
      if (breaker.state === CircuitState.HalfOpen) {
        gatewayRejections.inc({ reason: 'half_open_probe_out' });
        throw new PaymentUnavailable(1, 'the breaker is half-open and its probe is out');
      }
      try {
        // A signal of its own per call: cockatiel's default is one shared signal that every call adds a listener to.
        return await policy.execute(({ signal }) => call(signal), new AbortController().signal);
      } catch (err) {
        if (err instanceof BrokenCircuitError || err instanceof IsolatedCircuitError) {
          gatewayRejections.inc({ reason: 'breaker_open' });
          throw new PaymentUnavailable(retryAfter(), 'the breaker is open');
        }
        if (err instanceof BulkheadRejectedError) {
          gatewayRejections.inc({ reason: 'bulkhead_full' });
          throw new PaymentUnavailable(1, 'too many gateway calls in flight');
        }
        throw err;
      }
    },
  };
}
