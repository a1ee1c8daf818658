/** In-memory fakes of every write-side port, for *.unit.spec.ts (no Postgres, Redis or NATS). */
export * from './fake-transactions';
export * from './fake-clock';
export * from './fake-outbox';
export * from './fake-idempotency';
export * from './fake-catalog';
export * from './fake-wallets';
export * from './fake-orders';
export * from './fake-coupons';
export * from './fake-users';
export * from './fake-data-export';
export * from './fake-admission';
export * from './world';
export * from './refusal';
export * from './shop';
export * from './fake-ticketing';
export * from './fake-live-queue';
export * from './fake-waiting-room';
