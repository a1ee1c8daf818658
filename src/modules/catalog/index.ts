import type { StampedeModule } from '../module';
import { ProductProjection, ProductQueries } from '../../../projections/product';
import { CreateProductResolver } from './commands/create-product/create-product.resolver';
import { UpdateProductResolver } from './commands/update-product/update-product.resolver';
import { RestockProductResolver } from './commands/restock-product/restock-product.resolver';
import { ProductQueryResolver } from './queries/product.resolver';
import { ProductEntity } from './stores/product.entity';
import { StockEntity } from './stores/stock.entity';
import { catalogEventSchemas } from './events';
import { catalogServices } from './catalog.services';

/** What the catalog module offers the rest of the codebase. */
export { pgProducts, type ProductStore, type PriceEntry } from './stores/product.store';
export { pgStock, type StockStore, type StockChange } from './stores/stock.store';
export { stockChanged, type StockChanged, type CatalogEvent } from './events';
export { MAX_STOCK, type StockLevel } from './domain/product';
export { ProductType } from './queries/product.type';

const catalog: StampedeModule = {
  name: 'catalog',
  resolvers: [CreateProductResolver, UpdateProductResolver, RestockProductResolver, ProductQueryResolver],
  entities: [ProductEntity, StockEntity],
  events: catalogEventSchemas,
  services: catalogServices,
  projections: (pool, cache) => [new ProductProjection(pool, cache)],
  // Public read-model answers: the product projector bumps the generation after every product or
  // stock change it commits, so a cached answer never outlives the row it was made from.
  cacheableFields: () => [
    { field: 'product', reads: ProductQueries.reads },
    { field: 'products', reads: ProductQueries.reads },
  ],
};
export { catalog as module };
