import type { StampedeModule } from '../module';
import { FailedExportsResolver } from './queries/failed-exports.resolver';
import { RetryFailedExportsResolver } from './commands/retry-failed-exports/retry-failed-exports.resolver';
import { DataExportErrorCode } from './domain/export-errors';
import { DataPlatformExporter } from './data-platform-exporter';
import { dataExportServices } from './data-export.services';
import { EXPORT_FEEDS } from './export-payload';

const dataExport: StampedeModule = {
  name: 'data-export',
  resolvers: [FailedExportsResolver, RetryFailedExportsResolver],
  errorCodes: DataExportErrorCode,
  services: dataExportServices,
  roles: {
    // Every OrderPaid and ReservationPaid to the data platform, each feed from its own durable consumer.
    worker: async ({ services, nats, log }) => {
      const { config, pool, write, modules } = services;
      const exporters = EXPORT_FEEDS.map((feed) => new DataPlatformExporter(feed, nats, pool, modules['data-export'].platform, {
        maxAttempts: config.dataPlatformMaxAttempts, retryBaseMs: config.dataPlatformRetryBaseMs,
      }, write.clock, log.child({ role: 'worker', component: 'data-platform-export', feed: feed.consumer })));
      for (const exporter of exporters) await exporter.start();
      return () => Promise.all(exporters.map((e) => e.stop()));
    },
  },
};
export { dataExport as module };
