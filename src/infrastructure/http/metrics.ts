import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** One registry per process; metric objects are stateless handles into it. */
export const registry = new Registry();
collectDefaultMetrics({ register: registry });

export const requestDuration = new Histogram({
  name: 'graphql_request_duration_seconds',
  help: 'GraphQL request duration by operation',
  labelNames: ['operation', 'type', 'outcome'],
  buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
  registers: [registry],
});

export const cacheRequests = new Counter({
  name: 'cache_requests_total',
  help: 'Read-model cache lookups by cache and result (hit, miss, error)',
  labelNames: ['cache', 'result'],
  registers: [registry],
});

export const outboxBacklog = new Gauge({
  name: 'outbox_backlog',
  help: 'Outbox rows not yet published to JetStream',
  registers: [registry],
});

export const projectorLag = new Histogram({
  name: 'projector_lag_seconds',
  help: 'Time from an event occurring to its projection committing',
  labelNames: ['projection'],
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5, 30],
  registers: [registry],
});

export const deadLetters = new Counter({
  name: 'projector_dead_letters_total',
  help: 'Messages parked in the dead-letter table',
  labelNames: ['projection'],
  registers: [registry],
});

export const rateLimitDecisions = new Counter({
  name: 'rate_limit_decisions_total',
  help: 'Rate-limited mutations by action, outcome (allowed, limited) and where they were counted (redis, memory)',
  labelNames: ['action', 'outcome', 'backend'],
  registers: [registry],
});
