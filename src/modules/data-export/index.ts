import type { StampedeModule } from '../module';
import { FailedExportsResolver } from './queries/failed-exports.resolver';
import { RetryFailedExportsResolver } from './commands/retry-failed-exports/retry-failed-exports.resolver';
import { DataExportErrorCode } from './domain/export-errors';
import { DataPlatformExporter } from './data-platform-exporter';
import { dataExportServices } from './data-export.services';

const dataExport: StampedeModule = {
  name: 'data-export',
  resolvers: [FailedExportsResolver, RetryFailedExportsResolver],
  errorCodes: DataExportErrorCode,
  services: dataExportServices,
  roles: {
    // Every OrderPaid to the data platform, from its own durable consumer.
    worker: async ({ services, nats, log }) => {
      const { config, pool, write, modules } = services;
      const exporter = new DataPlatformExporter(nats, pool, modules['data-export'].platform, {
        maxAttempts: config.dataPlatformMaxAttempts, retryBaseMs: config.dataPlatformRetryBaseMs,
      }, write.clock, log.child({ role: 'worker', component: 'data-platform-export' }));
      await exporter.start();
      return () => exporter.stop();
    },
  },
};
export { dataExport as module };
