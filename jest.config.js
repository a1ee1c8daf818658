/** Tiers by file name: *.unit.spec.ts (pure), *.int.spec.ts and *.e2e.spec.ts (real Postgres, Redis, NATS). */
const fs = require('node:fs');
const swc = JSON.parse(fs.readFileSync(`${__dirname}/.swcrc`, 'utf8'));

module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/src', '<rootDir>/projections', '<rootDir>/test'],
  testMatch: ['**/*.spec.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', { ...swc, swcrc: false }] },
  globalSetup: '<rootDir>/test/global-setup.ts',
  globalTeardown: '<rootDir>/test/global-teardown.ts',
  setupFiles: ['reflect-metadata'],
  // The client package from its sources, so a test run needs no `npm run build -w @stampede/client` first.
  moduleNameMapper: { '^@stampede/client$': '<rootDir>/client/src/index.ts' },
  testTimeout: 60_000,
  // Integration tests share one database, stream and Redis db: one file at a time.
  maxWorkers: 1,
};
