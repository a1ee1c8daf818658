import { PopularQueries } from '../../../projections/popular';
import type { Infrastructure } from '../../graphql/context';

/** What ranking keeps per process: its reads of the popular read model (Redis, then Postgres). */
export interface RankingServices {
  popular: PopularQueries;
}

export const rankingServices = (infra: Infrastructure): RankingServices => ({ popular: new PopularQueries(infra.pool, infra.cache) });

declare module '../../graphql/context' {
  interface ModuleServices {
    ranking: RankingServices;
  }
}
