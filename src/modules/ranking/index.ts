import type { StampedeModule } from '../module';
import { PopularProjection, PopularQueries, utcDay } from '../../../projections/popular';
import { ProductQueries } from '../../../projections/product';
import { PopularProductResolver, PopularProductsResolver } from './queries/popular-products.resolver';
import { rankingServices } from './ranking.services';

const ranking: StampedeModule = {
  name: 'ranking',
  resolvers: [PopularProductsResolver, PopularProductResolver],
  services: rankingServices,
  projections: (pool, cache) => [new PopularProjection(pool, cache)],
  // Rankings change with sales and show product fields such as stock (each ranked Product comes
  // through the product loader); the UTC day moves the window.
  cacheableFields: (services) => {
    const today = () => utcDay(services.clock.now());
    return [
      { field: 'popularProducts', reads: [...PopularQueries.reads, ...ProductQueries.reads], vary: today },
      { field: 'recommendedProducts', reads: PopularQueries.reads, vary: today },
    ];
  },
};
export { ranking as module };
