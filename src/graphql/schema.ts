import 'reflect-metadata';
import path from 'node:path';
import { GraphQLError, type GraphQLSchema } from 'graphql';
import { buildSchema, type AuthChecker } from 'type-graphql';
import { DateTimeResolver } from 'graphql-scalars';
import type { AppContext } from './context';
import { createAppPubSub, type AppPubSub } from './pubsub';
import { SignUpResolver } from '../modules/identity/commands/sign-up/sign-up.resolver';
import { SignInResolver } from '../modules/identity/commands/sign-in/sign-in.resolver';
import { MeResolver } from '../modules/identity/queries/me.resolver';
import { CreateProductResolver } from '../modules/catalog/commands/create-product/create-product.resolver';
import { UpdateProductResolver } from '../modules/catalog/commands/update-product/update-product.resolver';
import { RestockProductResolver } from '../modules/catalog/commands/restock-product/restock-product.resolver';
import { ProductQueryResolver } from '../modules/catalog/queries/product.resolver';
import { ChargePointsResolver } from '../modules/wallet/commands/charge-points/charge-points.resolver';
import { WalletQueryResolver } from '../modules/wallet/queries/wallet.resolver';
import { PlaceOrderResolver } from '../modules/ordering/commands/place-order/place-order.resolver';
import { PayOrderResolver } from '../modules/ordering/commands/pay-order/pay-order.resolver';
import { CheckoutResolver } from '../modules/ordering/commands/checkout/checkout.resolver';
import { CancelOrderResolver } from '../modules/ordering/commands/cancel-order/cancel-order.resolver';
import { OrderItemResolver, OrderQueryResolver } from '../modules/ordering/queries/order.resolver';
import { PopularProductResolver, PopularProductsResolver } from '../modules/ranking/queries/popular-products.resolver';
import { OrderStatusChangedResolver } from '../modules/ordering/live-status/order-status-changed.resolver';
import { FailedExportsResolver } from '../modules/data-export/queries/failed-exports.resolver';
import { RetryFailedExportsResolver } from '../modules/data-export/commands/retry-failed-exports/retry-failed-exports.resolver';
import { CreateCouponCampaignResolver } from '../modules/coupons/commands/create-coupon-campaign/create-coupon-campaign.resolver';
import { IssueCouponResolver } from '../modules/coupons/commands/issue-coupon/issue-coupon.resolver';
import { CouponQueryResolver } from '../modules/coupons/queries/coupon.resolver';

export const resolvers = [
  SignUpResolver, SignInResolver, MeResolver,
  CreateProductResolver, UpdateProductResolver, RestockProductResolver, ProductQueryResolver,
  ChargePointsResolver, WalletQueryResolver,
  PlaceOrderResolver, PayOrderResolver, CheckoutResolver, CancelOrderResolver, OrderQueryResolver, OrderItemResolver,
  PopularProductsResolver, PopularProductResolver,
  OrderStatusChangedResolver, FailedExportsResolver, RetryFailedExportsResolver,
  CreateCouponCampaignResolver, IssueCouponResolver, CouponQueryResolver,
] as const;

export const SCHEMA_FILE = path.join(process.cwd(), 'schema', 'schema.graphql');

/** `@Authorized()` needs a valid token; `@Authorized('ADMIN')` also that role. */
export const authChecker: AuthChecker<AppContext> = ({ context }, roles) => {
  if (!context.user) {
    throw new GraphQLError(context.badToken ? 'Your token is invalid or expired' : 'Sign in first', {
      extensions: { code: 'UNAUTHENTICATED', http: { status: 200 } },
    });
  }
  if (roles.length > 0 && !roles.includes(context.user.role)) {
    throw new GraphQLError('You may not do this', { extensions: { code: 'FORBIDDEN' } });
  }
  return true;
};

/** `pubSub`: the process's PubSub (Services.pubSub); a throwaway one is enough to emit the SDL. */
export function buildAppSchema(options: { emitSchemaFile?: boolean; pubSub?: AppPubSub } = {}): Promise<GraphQLSchema> {
  return buildSchema({
    resolvers: [...resolvers],
    authChecker,
    pubSub: options.pubSub ?? createAppPubSub(),
    // Inputs are validated by runCommand so failures come back as userErrors, not exceptions.
    validate: false,
    scalarsMap: [{ type: Date, scalar: DateTimeResolver }],
    emitSchemaFile: options.emitSchemaFile ? { path: SCHEMA_FILE, sortedSchema: true } : false,
  });
}
