import type { Infrastructure } from '../../graphql/context';
import { HttpDataPlatform, type DataPlatform } from './data-platform.client';

/** What data-export keeps per process: the external data platform (exports and admin resends). */
export interface DataExportServices {
  platform: DataPlatform;
}

export const dataExportServices = (infra: Infrastructure): DataExportServices => ({
  platform: new HttpDataPlatform(infra.config.dataPlatformUrl, infra.config.dataPlatformTimeoutMs),
});

declare module '../../graphql/context' {
  interface ModuleServices {
    'data-export': DataExportServices;
  }
}
