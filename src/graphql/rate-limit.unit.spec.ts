import type { ResolverData } from 'type-graphql';
import { RateLimit } from './rate-limit';
import type { AppContext } from './context';
import type { RateDecision, RateSubject } from '../infrastructure/rate-limit/rate-limiter';

/** Any touch of the database (em, pool, orm) fails the test. */
const untouchable = new Proxy({}, { get: (_t, prop) => { throw new Error(`touched the database (${String(prop)})`); } });

function data(decision: RateDecision, user: AppContext['user'], args: Record<string, unknown> = {}) {
  const seen: Array<{ action: string; subject: RateSubject }> = [];
  const context = {
    user, ip: '198.51.100.4', em: untouchable,
    services: {
      pool: untouchable, orm: untouchable,
      rateLimiter: { hit: async (action: string, subject: RateSubject) => { seen.push({ action, subject }); return decision; } },
    },
  } as unknown as AppContext;
  return { resolverData: { context, args, root: {}, info: {} } as unknown as ResolverData<AppContext>, seen };
}

describe('RateLimit middleware', () => {
  it('over the limit: answers a RATE_LIMITED payload without calling the resolver or the database', async () => {
    const { resolverData } = data({ allowed: false, scope: 'user', retryAfterMs: 1_500 }, { id: 'u1', role: 'CUSTOMER' as never });
    const next = jest.fn();
    const payload = await RateLimit('placeOrder')(resolverData, next);
    expect(next).not.toHaveBeenCalled();
    expect(payload).toEqual({
      userErrors: [{ code: 'RATE_LIMITED', message: 'Too many placeOrder requests for this account; try again in 2 s', retryAfterSeconds: 2 }],
    });
  });

  it('within the limit: runs the resolver', async () => {
    const { resolverData, seen } = data({ allowed: true }, { id: 'u1', role: 'CUSTOMER' as never });
    const next = jest.fn(async () => ({ order: { id: 'o1' }, userErrors: [] }));
    await expect(RateLimit('placeOrder')(resolverData, next)).resolves.toEqual({ order: { id: 'o1' }, userErrors: [] });
    expect(seen).toEqual([{ action: 'placeOrder', subject: { user: 'u1', ip: '198.51.100.4' } }]);
  });

  it('counts an anonymous caller by the subject it names (signIn: the email), normalised', async () => {
    const { resolverData, seen } = data({ allowed: true }, null, { input: { email: ' Alice@Example.TEST ' } });
    await RateLimit('signIn', { subject: (args) => args.input?.email })(resolverData, async () => undefined);
    expect(seen[0].subject).toEqual({ user: 'alice@example.test', ip: '198.51.100.4' });
  });

  it('counts an anonymous caller without a subject by IP only', async () => {
    const { resolverData, seen } = data({ allowed: false, scope: 'ip', retryAfterMs: 10 }, null);
    const payload = await RateLimit('signUp')(resolverData, async () => 'ran');
    expect(seen[0].subject).toEqual({ user: null, ip: '198.51.100.4' });
    expect(payload).toEqual({ userErrors: [expect.objectContaining({ code: 'RATE_LIMITED', message: expect.stringContaining('from this address') })] });
  });
});
