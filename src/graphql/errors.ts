import type { GraphQLFormattedError } from 'graphql';

/** Codes a client may see as they are; anything else is an internal error and is masked. */
export const PUBLIC_CODES = new Set([
  'UNAUTHENTICATED', 'FORBIDDEN', 'BAD_USER_INPUT', 'QUERY_TOO_COMPLEX', 'RATE_LIMITED',
  'GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'BAD_REQUEST', 'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_FOUND', 'PERSISTED_QUERY_NOT_SUPPORTED',
]);

export function isPublicError(error: GraphQLFormattedError): boolean {
  return PUBLIC_CODES.has(String(error.extensions?.code ?? ''));
}

/**
 * Apollo's formatError: internals (SQL, stack traces, driver messages) never reach a client.
 * Apollo re-codes every validation error GRAPHQL_VALIDATION_FAILED; a validation rule's own
 * code (QUERY_TOO_COMPLEX from the limits rule) is put back, so HTTP and graphql-ws agree.
 */
export function maskError(formatted: GraphQLFormattedError, error?: unknown): GraphQLFormattedError {
  if (isPublicError(formatted)) {
    const { stacktrace: _drop, ...extensions } = (formatted.extensions ?? {}) as Record<string, unknown>;
    const ruleCode = (error as { originalError?: { extensions?: { code?: unknown } } } | undefined)?.originalError?.extensions?.code;
    if (extensions.code === 'GRAPHQL_VALIDATION_FAILED' && ruleCode === 'QUERY_TOO_COMPLEX') extensions.code = ruleCode;
    return { ...formatted, extensions };
  }
  return {
    message: 'Internal server error',
    locations: formatted.locations,
    path: formatted.path,
    extensions: { code: 'INTERNAL_SERVER_ERROR' },
  };
}
