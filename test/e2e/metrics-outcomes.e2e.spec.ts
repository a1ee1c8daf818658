import { ChargePointsDocument, MeDocument } from '../generated/graphql';
import { startTestApp, type TestApp } from '../support/test-app';
import { signUpCustomer } from '../support/actors';

const count = (metrics: string, operation: string, outcome: string) => {
  const line = metrics.split('\n').find((l) => l.startsWith('graphql_request_duration_seconds_count{') && l.includes(`operation="${operation}"`) && l.includes(`outcome="${outcome}"`));
  return line ? Number(line.split(' ').pop()) : 0;
};

describe('/metrics counts failures by their code, not as ok', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ ROLES: 'api' });
  });
  afterAll(() => app.stop());

  const metrics = async () => (await fetch(app.url.replace(/\/graphql$/, '/metrics'))).text();

  it('UNAUTHENTICATED, GRAPHQL_VALIDATION_FAILED and a payload BAD_USER_INPUT each get their own outcome', async () => {
    const before = await metrics();
    await app.gql(MeDocument, {});
    await app.gql(MeDocument, {}, 'not-a-token');
    const shopper = await signUpCustomer(app);
    await app.gql(ChargePointsDocument, { input: { amount: -5, idempotencyKey: 'metrics-neg' } }, shopper.token);
    await app.gql(MeDocument, {}, shopper.token);
    await fetch(app.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: 'query Me { me { nope } }' }) });
    const after = await metrics();

    expect(count(after, 'Me', 'UNAUTHENTICATED') - count(before, 'Me', 'UNAUTHENTICATED')).toBe(2);
    expect(count(after, 'ChargePoints', 'BAD_USER_INPUT') - count(before, 'ChargePoints', 'BAD_USER_INPUT')).toBe(1);
    expect(count(after, 'Me', 'ok') - count(before, 'Me', 'ok')).toBe(1);
    expect(count(after, 'invalid', 'GRAPHQL_VALIDATION_FAILED') - count(before, 'invalid', 'GRAPHQL_VALIDATION_FAILED')).toBe(1);
  });
});
