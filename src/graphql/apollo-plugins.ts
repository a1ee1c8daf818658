import type { ApolloServerPlugin } from '@apollo/server';
import type { AppContext } from './context';
import { requestDuration } from '../infrastructure/http/metrics';
import { isPublicError } from './errors';

/** Request duration by operation for /metrics, and every unexpected error logged with its request id. */
export const observabilityPlugin: ApolloServerPlugin<AppContext> = {
  async requestDidStart() {
    const started = process.hrtime.bigint();
    let failed = false;
    return {
      async didEncounterErrors({ errors, contextValue }) {
        for (const error of errors) {
          const code = String(error.extensions?.code ?? '');
          if (isPublicError({ message: error.message, extensions: { code } })) continue;
          failed = true;
          contextValue.log.error({ err: error.originalError ?? error, path: error.path }, 'unexpected error');
        }
      },
      async willSendResponse({ operationName, operation }) {
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        requestDuration.observe(
          { operation: operationLabel(operationName, operation !== undefined), type: operation?.operation ?? 'unknown', outcome: failed ? 'error' : 'ok' },
          seconds,
        );
      },
    };
  },
};

/**
 * Operation names come from clients: a client inventing a new name per request would create a
 * new time series each time and grow /metrics without bound. Only operations that parsed and
 * validated get their name, and only the first MAX_OPERATION_LABELS names; the rest are 'other'.
 */
const MAX_OPERATION_LABELS = 200;
const operationLabels = new Set<string>();

function operationLabel(name: string | null | undefined, resolved: boolean): string {
  if (!resolved) return 'invalid';
  if (!name) return 'anonymous';
  const label = name.slice(0, 100);
  if (operationLabels.has(label)) return label;
  if (operationLabels.size >= MAX_OPERATION_LABELS) return 'other';
  operationLabels.add(label);
  return label;
}
