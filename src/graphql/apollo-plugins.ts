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
          { operation: operationName ?? 'anonymous', type: operation?.operation ?? 'unknown', outcome: failed ? 'error' : 'ok' },
          seconds,
        );
      },
    };
  },
};
