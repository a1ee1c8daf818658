import { ProductQueries } from '../../../projections/product';
import type { Infrastructure } from '../../graphql/context';

/** What catalog keeps per process: its reads of the product read model (Redis, then Postgres). */
export interface CatalogServices {
  products: ProductQueries;
}

export const catalogServices = (infra: Infrastructure): CatalogServices => ({ products: new ProductQueries(infra.pool, infra.cache) });

declare module '../../graphql/context' {
  interface ModuleServices {
    catalog: CatalogServices;
  }
}
