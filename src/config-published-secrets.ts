/**
 * Every secret value that appears in this repository (defaults, docker-compose, bench, tests).
 * Anyone can read them, so NODE_ENV=production refuses each of them for any secret setting,
 * whatever its length. config-published-secrets.unit.spec.ts scans the repository for
 * secret-looking values and fails when one is missing here.
 */
export const PUBLISHED_SECRETS: ReadonlySet<string> = new Set([
  'dev-only-secret-change-me-0123456789',
  'compose-dev-secret-change-me-0123456789',
  'bench-secret-not-for-production-0123456789abcdef',
  'unit-test-secret-0123456789-abcdefghij',
  'another-secret-0123456789-abcdefghijkl',
  'not-the-server-secret-0123456789abcdef',
  'waiting-room-test-token-secret-0123456789',
  'a-queue-token-secret-of-32-bytes-or-more',
  'another-secret-another-secret-0123456789',
  'unit-spec-queue-token-secret-0123456789',
  'admin-password',
  'admin-password-for-tests',
  'bench-admin-password',
  'secret-password',
  'merchant-password',
  'customer-password',
]);

export function isPublishedSecret(value: string): boolean {
  return PUBLISHED_SECRETS.has(value.trim());
}
