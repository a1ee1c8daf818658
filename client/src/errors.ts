/**
 * stampede answers a failure in one of two ways, and this file makes them one story:
 * - expected business failures are data: a mutation payload's `userErrors { code message field }`
 *   with `code` from the schema's `ErrorCode` enum (generated as `ErrorCode`);
 * - everything that stops the operation itself is a top-level GraphQL error whose
 *   `extensions.code` is one of TOP_LEVEL_ERROR_CODES below (not in the schema's types, so listed
 *   here; a server test keeps this list equal to what the server may send).
 */
export const TOP_LEVEL_ERROR_CODES = [
  /** No token, or a bad or expired one, for a field that needs a signed-in user. */
  'UNAUTHENTICATED',
  /** Signed in, but not allowed (another user's order, an admin-only field). */
  'FORBIDDEN',
  /** An argument outside a query field's bounds (e.g. a made-up cursor). */
  'BAD_USER_INPUT',
  /** Over the depth, cost, alias or token limits (same over HTTP and graphql-ws). */
  'QUERY_TOO_COMPLEX',
  /** Over a rate limit; `retryAfterSeconds` says when to try again. */
  'RATE_LIMITED',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  /** The request itself was malformed (not JSON, too large, CSRF prevention). */
  'BAD_REQUEST',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  /** Something unexpected on the server; details are in its log under the request id. */
  'INTERNAL_SERVER_ERROR',
  /** The server is stopping; nothing was done. Try again. */
  'SERVICE_UNAVAILABLE',
  /** Client side: no answer (network down, CORS refused, not JSON). */
  'NETWORK_ERROR',
] as const;

export type TopLevelErrorCode = (typeof TOP_LEVEL_ERROR_CODES)[number];

export interface StampedeError {
  code: TopLevelErrorCode;
  message: string;
  /** Set on RATE_LIMITED (from extensions or Retry-After). */
  retryAfterSeconds?: number;
  path?: ReadonlyArray<string | number>;
  /** The HTTP status, when the answer came over HTTP. */
  status?: number;
}

export interface UserErrorLike {
  code: string;
  message?: string;
  field?: ReadonlyArray<string> | null;
  retryAfterSeconds?: number | null;
}

/**
 * One result for every operation: the data; or the data of a payload that refused the change
 * (`userErrors`, nothing written); or a top-level error (nothing to show).
 */
export type StampedeResult<T> =
  | { kind: 'data'; data: T }
  | { kind: 'userErrors'; data: T; userErrors: UserErrorLike[] }
  | { kind: 'error'; error: StampedeError };

export interface GraphQLAnswer<T> {
  data?: T | null;
  errors?: ReadonlyArray<{ message: string; path?: ReadonlyArray<string | number>; extensions?: Record<string, unknown> }>;
}

function topLevelCode(code: unknown): TopLevelErrorCode {
  return (TOP_LEVEL_ERROR_CODES as readonly string[]).includes(String(code)) ? (code as TopLevelErrorCode) : 'INTERNAL_SERVER_ERROR';
}

/** Every root field's payload `userErrors`, in order. */
function userErrorsOf(data: unknown): UserErrorLike[] {
  if (!data || typeof data !== 'object') return [];
  return Object.values(data as Record<string, unknown>).flatMap((payload) => {
    const errors = payload && typeof payload === 'object' ? (payload as { userErrors?: unknown }).userErrors : undefined;
    return Array.isArray(errors) ? (errors as UserErrorLike[]) : [];
  });
}

/** Turns a GraphQL answer (HTTP or graphql-ws) into a StampedeResult. */
export function toResult<T>(answer: GraphQLAnswer<T>, status?: number, retryAfterHeader?: string | null): StampedeResult<T> {
  const first = answer.errors?.[0];
  if (first) {
    const ext = first.extensions ?? {};
    const retry = typeof ext.retryAfterSeconds === 'number' ? ext.retryAfterSeconds : retryAfterHeader ? Number(retryAfterHeader) : undefined;
    const error: StampedeError = { code: topLevelCode(ext.code), message: first.message };
    if (retry !== undefined && Number.isFinite(retry)) error.retryAfterSeconds = retry;
    if (first.path) error.path = first.path;
    if (status !== undefined) error.status = status;
    return { kind: 'error', error };
  }
  if (answer.data === undefined || answer.data === null) {
    return { kind: 'error', error: { code: 'NETWORK_ERROR', message: 'The answer had neither data nor errors', status } };
  }
  const userErrors = userErrorsOf(answer.data);
  return userErrors.length > 0 ? { kind: 'userErrors', data: answer.data, userErrors } : { kind: 'data', data: answer.data };
}
