import { defineConfig, PostgreSqlDriver } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import { User } from '../../modules/identity/domain/user.entity';
import { Product } from '../../modules/catalog/domain/product.entity';
import { Stock } from '../../modules/catalog/domain/stock.entity';
import { OutboxMessage } from '../../shared/outbox.entity';
import { CouponCampaign } from '../../modules/coupons/domain/coupon-campaign.entity';
import { migrationsList } from './migrations';

export const entities = [User, Product, Stock, OutboxMessage, CouponCampaign];

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
