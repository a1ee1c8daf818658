import type { StampedeModule } from '../module';
import { RegisterStoreResolver } from './commands/register-store/register-store.resolver';
import { AddMenuItemResolver } from './commands/add-menu-item/add-menu-item.resolver';
import { UpdateMenuItemResolver } from './commands/update-menu-item/update-menu-item.resolver';
import { PlaceDeliveryOrderResolver } from './commands/place-delivery-order/place-delivery-order.resolver';
import { RetryDeliveryPaymentResolver } from './commands/retry-delivery-payment/retry-delivery-payment.resolver';
import { AcceptDeliveryOrderResolver } from './commands/accept-delivery-order/accept-delivery-order.resolver';
import { RejectDeliveryOrderResolver } from './commands/reject-delivery-order/reject-delivery-order.resolver';
import { StartCookingResolver } from './commands/start-cooking/start-cooking.resolver';
import { FinishCookingResolver } from './commands/finish-cooking/finish-cooking.resolver';
import { CancelDeliveryOrderResolver } from './commands/cancel-delivery-order/cancel-delivery-order.resolver';
import { ChangeDeliveryOrderResolver } from './commands/change-delivery-order/change-delivery-order.resolver';
import { StoreQueryResolver } from './queries/store.resolver';
import { DeliveryOrderQueryResolver } from './queries/delivery-order.resolver';
import { DeliveryStatusChangedResolver } from './live/delivery-status-changed.resolver';
import { DeliveryStatusFanout } from './live/delivery-status-fanout';
import { DeliveryErrorCode } from './domain/delivery-errors';
import { deliveryEventSchemas } from './events';
import { Migration0120Delivery } from './migrations/0120-delivery';
import { deliveryServices } from './delivery.services';
import { deliveryDepsOf } from './delivery.deps';
import { DeliverySagaWorker } from './workers/delivery-saga.worker';
import { createStoreProjection } from '../../../projections/store';
import { createMerchantQueueProjection } from '../../../projections/merchant-queue';

/** What the delivery module offers the rest of the codebase. */
export type { DeliveryEvent, DeliveryOrderEvent } from './events';

/** Delivery, part 1: stores and menus, one-store orders paid by card through the gateway's breaker, the merchant's kitchen. */
const delivery: StampedeModule = {
  name: 'delivery',
  resolvers: [
    RegisterStoreResolver, AddMenuItemResolver, UpdateMenuItemResolver, PlaceDeliveryOrderResolver, RetryDeliveryPaymentResolver,
    AcceptDeliveryOrderResolver, RejectDeliveryOrderResolver, StartCookingResolver, FinishCookingResolver, CancelDeliveryOrderResolver, ChangeDeliveryOrderResolver,
    StoreQueryResolver, DeliveryOrderQueryResolver, DeliveryStatusChangedResolver,
  ],
  migrations: [{ name: '0120-delivery', class: Migration0120Delivery }],
  errorCodes: DeliveryErrorCode,
  events: deliveryEventSchemas,
  services: deliveryServices,
  projections: (pool, cache) => [createStoreProjection(pool, cache), createMerchantQueueProjection(cache)],
  roles: {
    // deliveryOrderStatusChanged: every API process follows the DeliveryOrder events itself.
    api: async ({ services, nats, log }) => {
      const fanout = new DeliveryStatusFanout(nats, services.modules.delivery.pubSub, log.child({ component: 'delivery-fanout' }));
      await fanout.start();
      return () => fanout.stop();
    },
    // The saga's gateway steps, the reconciler and the accept timeout.
    worker: async ({ services, log }) => {
      const worker = new DeliverySagaWorker(deliveryDepsOf(services), services.modules.delivery.settings.acceptTimeoutSeconds, log.child({ component: 'delivery-saga' }));
      worker.start();
      return () => worker.stop();
    },
  },
};
export { delivery as module };
