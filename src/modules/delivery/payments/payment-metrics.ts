import { Counter, Gauge } from 'prom-client';
import { registry } from '../../../infrastructure/http/metrics';
import type { BreakerState } from './payment-gateway';

const STATE_VALUE: Record<BreakerState, number> = { closed: 0, 'half-open': 1, open: 2 };

export const breakerStateGauge = new Gauge({
  name: 'payment_gateway_breaker_state', help: 'Circuit breaker in front of the payment gateway: 0 closed, 1 half-open, 2 open', registers: [registry],
});
export const gatewayCalls = new Counter({
  name: 'payment_gateway_calls_total', help: 'Payment gateway calls by operation and outcome (ok, declined, failed, timeout)',
  labelNames: ['operation', 'outcome'], registers: [registry],
});
export const gatewayRejections = new Counter({
  name: 'payment_gateway_rejections_total', help: 'Calls refused without reaching the gateway, by reason (breaker_open, half_open_probe_out, bulkhead_full)',
  labelNames: ['reason'], registers: [registry],
});

export const recordBreakerState = (state: BreakerState) => breakerStateGauge.set(STATE_VALUE[state]);
