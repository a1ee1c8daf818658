import { defineConfig, PostgreSqlDriver } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import { UserEntity } from '../../modules/identity/stores/user.entity';
import { ProductEntity } from '../../modules/catalog/stores/product.entity';
import { StockEntity } from '../../modules/catalog/stores/stock.entity';
import { OutboxMessage } from '../../shared/outbox.entity';
import { CouponCampaignEntity } from '../../modules/coupons/stores/coupon-campaign.entity';
import { migrationsList } from './migrations';

export const entities = [UserEntity, ProductEntity, StockEntity, OutboxMessage, CouponCampaignEntity];

export function ormConfig(databaseUrl: string, poolMax = 20) {
  return defineConfig({
    driver: PostgreSqlDriver,
    clientUrl: databaseUrl,
    entities,
    extensions: [Migrator],
    // Listed explicitly so the same code runs from ts (jest) and compiled js (npm start).
    migrations: { migrationsList, transactional: true, allOrNothing: true, silent: true },
    pool: { min: 0, max: poolMax },
    debug: false,
    allowGlobalContext: false,
    discovery: { warnWhenNoEntities: true },
  });
}
