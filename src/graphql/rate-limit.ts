import type { MiddlewareFn } from 'type-graphql';
import type { AppContext } from './context';
import { ErrorCode, userError } from '../shared/user-error';

export interface RateLimitOptions {
  /** Who to count when the caller is not signed in, e.g. the email signIn tries (per-account guessing). */
  subject?: (args: Record<string, any>, context: AppContext) => string | undefined | null;
  /** Count `subject` even for a signed-in caller (signIn: the email tried, never the caller's own account). */
  subjectAlways?: boolean;
}

/**
 * `@UseMiddleware(RateLimit('placeOrder'))` on a mutation: counts the call per user and per IP
 * (see RateLimiter) and, over a limit, answers the payload with userErrors [RATE_LIMITED] before
 * the resolver runs, so a refused call never reaches the database. Payload fields other than
 * userErrors come back null, so they must be nullable (they are, by the payload convention).
 */
export function RateLimit(action: string, options: RateLimitOptions = {}): MiddlewareFn<AppContext> {
  return async ({ context, args }, next) => {
    const own = options.subjectAlways ? undefined : context.user?.id;
    const user = own ?? options.subject?.(args, context)?.trim().toLowerCase() ?? null;
    const decision = await context.services.rateLimiter.hit(action, { user, ip: context.ip });
    if (decision.allowed) return next();
    const seconds = Math.ceil(decision.retryAfterMs / 1000);
    const refusal = userError(ErrorCode.RATE_LIMITED, `Too many ${action} requests ${decision.scope === 'user' ? 'for this account' : 'from this address'}; try again in ${seconds} s`);
    return { userErrors: [{ ...refusal, retryAfterSeconds: seconds }] };
  };
}
