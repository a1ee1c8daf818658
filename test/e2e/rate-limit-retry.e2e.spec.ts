import { SignInDocument, createStampedeClient } from '@stampede/client';
import { startTestApp, type TestApp } from '../support/test-app';

describe('RATE_LIMITED says when to try again', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ ROLES: 'api', RATE_LIMIT_PER_USER: '1', RATE_LIMIT_WINDOW_MS: '5000' });
  });
  afterAll(() => app.stop());

  it('the refused payload has userErrors [RATE_LIMITED] with retryAfterSeconds, through the client result', async () => {
    const api = createStampedeClient({ url: app.url });
    const input = { email: `limited-${Date.now()}@example.test`, password: 'wrong password' };
    const first = await api.request(SignInDocument, { input });
    expect(first.kind === 'userErrors' && first.userErrors[0].code).toBe('INVALID_CREDENTIALS');
    const second = await api.request(SignInDocument, { input });
    if (second.kind !== 'userErrors') throw new Error(JSON.stringify(second));
    expect(second.userErrors[0].code).toBe('RATE_LIMITED');
    expect(second.userErrors[0].retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(second.userErrors[0].retryAfterSeconds).toBeLessThanOrEqual(5);
    expect(second.data.signIn.token).toBeNull();
  });
});
