import type { GraphQLFormattedError } from 'graphql';

/** Codes a client may see as they are; anything else is an internal error and is masked. */
const PUBLIC_CODES = new Set([
  'UNAUTHENTICATED', 'FORBIDDEN', 'BAD_USER_INPUT', 'QUERY_TOO_COMPLEX', 'RATE_LIMITED',
  'GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'BAD_REQUEST', 'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_FOUND', 'PERSISTED_QUERY_NOT_SUPPORTED',
]);

export function isPublicError(error: GraphQLFormattedError): boolean {
  return PUBLIC_CODES.has(String(error.extensions?.code ?? ''));
}

/** Apollo's formatError: internals (SQL, stack traces, driver messages) never reach a client. */
export function maskError(formatted: GraphQLFormattedError): GraphQLFormattedError {
  if (isPublicError(formatted)) {
    const { stacktrace: _drop, ...extensions } = (formatted.extensions ?? {}) as Record<string, unknown>;
    return { ...formatted, extensions };
  }
  return {
    message: 'Internal server error',
    locations: formatted.locations,
    path: formatted.path,
    extensions: { code: 'INTERNAL_SERVER_ERROR' },
  };
}
