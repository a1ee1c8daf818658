import type { ApolloServerPlugin } from '@apollo/server';
import type { AppContext } from './context';
import { requestDuration } from '../infrastructure/http/metrics';
import { isPublicError } from './errors';
import { knownOperationNames } from './known-operations';

/**
 * Request duration by operation for /metrics, and every unexpected error logged with its request id.
 * `outcome` is `ok`, `error` (unexpected, masked), or the code of the failure a client was told
 * about: a top-level error's (UNAUTHENTICATED, GRAPHQL_VALIDATION_FAILED, …) or the first payload
 * userError's (BAD_USER_INPUT, OUT_OF_STOCK, …). Both sets are fixed enums, so the label stays bounded.
 */
export const observabilityPlugin: ApolloServerPlugin<AppContext> = {
  async requestDidStart() {
    const started = process.hrtime.bigint();
    let outcome: string | undefined;
    return {
      async didEncounterErrors({ errors, contextValue }) {
        for (const error of errors) {
          const code = String(error.extensions?.code ?? '');
          if (isPublicError({ message: error.message, extensions: { code } })) {
            outcome ??= code;
            continue;
          }
          outcome = 'error';
          contextValue.log.error({ err: error.originalError ?? error, path: error.path }, 'unexpected error');
        }
      },
      async willSendResponse({ operationName, operation, response }) {
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        if (outcome === undefined && response.body.kind === 'single') outcome = firstUserErrorCode(response.body.singleResult.data);
        requestDuration.observe(
          { operation: operationLabel(operationName, operation !== undefined), type: operation?.operation ?? 'unknown', outcome: outcome ?? 'ok' },
          seconds,
        );
      },
    };
  },
};

/** The code of the first `userErrors` entry of any root field's payload (codes come from the ErrorCode enum). */
function firstUserErrorCode(data: Record<string, unknown> | null | undefined): string | undefined {
  if (!data) return undefined;
  for (const payload of Object.values(data)) {
    const errors = payload && typeof payload === 'object' ? (payload as { userErrors?: Array<{ code?: unknown }> }).userErrors : undefined;
    if (Array.isArray(errors) && errors.length > 0 && typeof errors[0]?.code === 'string') return errors[0].code;
  }
  return undefined;
}

/**
 * Operation names come from clients: a client inventing a new name per request would create a
 * new time series each time, and first-come labels let 200 junk names push the real operations
 * into 'other'. Only operations that parsed and validated and are in schema/operations
 * (knownOperationNames) get their name; the rest are 'other'.
 */
function operationLabel(name: string | null | undefined, resolved: boolean): string {
  if (!resolved) return 'invalid';
  if (!name) return 'anonymous';
  return knownOperationNames().has(name) ? name : 'other';
}
