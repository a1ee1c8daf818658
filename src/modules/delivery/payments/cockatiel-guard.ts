import type { Logger } from 'pino';
import type { CallGuard, GuardSettings } from './call-guard';
import { PaymentUnavailable, type BreakerState } from './payment-gateway';
import { gatewayRejections, recordBreakerState } from './payment-metrics';

/**
 * The subset of cockatiel 3.2.1 used here, typed by hand: cockatiel is loaded at run time (see
 * loadCockatiel) so the app still builds where the package is not installed yet. With the
 * package in package.json this can become a plain `import { … } from 'cockatiel'`.
 */
interface Policy {
  execute<T>(fn: (context: { signal: AbortSignal }) => Promise<T>, signal?: AbortSignal): Promise<T>;
}
interface Breaker extends Policy {
  readonly state: number;
  onStateChange(listener: (state: number) => void): unknown;
}
interface Cockatiel {
  handleAll: unknown;
  circuitBreaker(policy: unknown, options: { halfOpenAfter: number; breaker: unknown }): Breaker;
  ConsecutiveBreaker: new (threshold: number) => unknown;
  bulkhead(limit: number, queue?: number): Policy;
  timeout(durationMs: number, strategy: string): Policy;
  wrap(...policies: Policy[]): Policy;
  TimeoutStrategy: { Aggressive: string };
  CircuitState: { Closed: number; Open: number; HalfOpen: number; Isolated: number };
  BrokenCircuitError: new (...args: never[]) => Error;
  BulkheadRejectedError: new (...args: never[]) => Error;
  IsolatedCircuitError: new (...args: never[]) => Error;
}

/** cockatiel when installed (3.2.1 exactly: 4.x is ESM-only and needs Node 22), else null. */
export function loadCockatiel(): Cockatiel | null {
  try {
    return require('cockatiel') as Cockatiel;
  } catch {
    return null;
  }
}

/**
 * Bulkhead → breaker → timeout, from cockatiel. Every thrown error of the call counts against
 * the gateway (the HTTP client returns declines as values, so they never do). Two guards of our
 * own on top, because cockatiel 3.2.1 lets every call that arrives during the half-open probe
 * wait for it and then go through: while half-open we refuse at once, so exactly one probe
 * reaches the gateway; and we answer `retryAfterSeconds` from the time the breaker opened.
 */
export function cockatielGuard(c: Cockatiel, settings: GuardSettings): CallGuard {
  const breaker = c.circuitBreaker(c.handleAll, { halfOpenAfter: settings.halfOpenAfterMs, breaker: new c.ConsecutiveBreaker(settings.failures) });
  const policy = c.wrap(c.bulkhead(settings.bulkhead, settings.bulkheadQueue), breaker, c.timeout(settings.timeoutMs, c.TimeoutStrategy.Aggressive));
  let openedAt = 0;
  const stateOf = (s: number): BreakerState => (s === c.CircuitState.Closed ? 'closed' : s === c.CircuitState.HalfOpen ? 'half-open' : 'open');
  breaker.onStateChange((s) => {
    if (s === c.CircuitState.Open) openedAt = Date.now();
    recordBreakerState(stateOf(s));
  });
  recordBreakerState('closed');
  const retryAfter = () => Math.max(1, Math.ceil((openedAt + settings.halfOpenAfterMs - Date.now()) / 1000));

  return {
    state: () => stateOf(breaker.state),
    async execute(call) {
      if (breaker.state === c.CircuitState.HalfOpen) {
        gatewayRejections.inc({ reason: 'half_open_probe_out' });
        throw new PaymentUnavailable(1, 'the breaker is half-open and its probe is out');
      }
      try {
        // A signal of its own per call: cockatiel's default is one shared signal that every call adds a listener to.
        return await policy.execute(({ signal }) => call(signal), new AbortController().signal);
      } catch (err) {
        if (err instanceof c.BrokenCircuitError || err instanceof c.IsolatedCircuitError) {
          gatewayRejections.inc({ reason: 'breaker_open' });
          throw new PaymentUnavailable(retryAfter(), 'the breaker is open');
        }
        if (err instanceof c.BulkheadRejectedError) {
          gatewayRejections.inc({ reason: 'bulkhead_full' });
          throw new PaymentUnavailable(1, 'too many gateway calls in flight');
        }
        throw err;
      }
    },
  };
}

/**
 * Where cockatiel is not installed: the timeout only, and no breaker (every call goes to the
 * gateway). Not a home-made breaker on purpose; the app logs that it runs without one.
 */
export function timeoutOnlyGuard(settings: Pick<GuardSettings, 'timeoutMs'>): CallGuard {
  return { state: () => 'closed', execute: (call) => call(AbortSignal.timeout(settings.timeoutMs)) };
}

/** The app's guard: cockatiel's when it is installed. */
export function paymentGuard(settings: GuardSettings, log: Logger): CallGuard {
  const c = loadCockatiel();
  if (c) return cockatielGuard(c, settings);
  log.warn('cockatiel is not installed (npm install cockatiel@3.2.1): the payment gateway runs with a timeout and no circuit breaker');
  return timeoutOnlyGuard(settings);
}
