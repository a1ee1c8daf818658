import { Counter } from 'prom-client';
import { registry } from '../../../infrastructure/http/metrics';

/** How issueCoupon attempts ended, and who decided: the Redis gate, Postgres, or neither (closed / unknown). */
export const couponIssueAttempts = new Counter({
  name: 'coupon_issue_attempts_total',
  help: 'issueCoupon attempts by outcome and by what decided them (redis, postgres, none)',
  labelNames: ['outcome', 'decided_by'],
  registers: [registry],
});
