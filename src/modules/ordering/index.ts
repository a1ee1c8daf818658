import type { StampedeModule } from '../module';
import { PlaceOrderResolver } from './commands/place-order/place-order.resolver';
import { PayOrderResolver } from './commands/pay-order/pay-order.resolver';
import { CheckoutResolver } from './commands/checkout/checkout.resolver';
import { CancelOrderResolver } from './commands/cancel-order/cancel-order.resolver';
import { OrderItemResolver, OrderQueryResolver } from './queries/order.resolver';
import { OrderStatusChangedResolver } from './live-status/order-status-changed.resolver';
import { OrderStatusFanout } from './live-status/order-status-fanout';
import { OrderExpiryWorker } from './expiry/order-expiry.worker';
import { OrderingErrorCode } from './domain/order-errors';
import { orderEventSchemas } from './events';
import { orderingDeps } from './ordering.deps';

const ordering: StampedeModule = {
  name: 'ordering',
  resolvers: [
    PlaceOrderResolver, PayOrderResolver, CheckoutResolver, CancelOrderResolver, OrderQueryResolver, OrderItemResolver,
    OrderStatusChangedResolver,
  ],
  errorCodes: OrderingErrorCode,
  events: orderEventSchemas,
  roles: {
    // Live order status: listening on NATS before the port opens, so no subscriber misses a change.
    api: async ({ services, nats, log }) => {
      const fanout = new OrderStatusFanout(nats, services.pubSub, log.child({ role: 'api', component: 'order-status-fanout' }));
      await fanout.start();
      return () => fanout.stop();
    },
    worker: async ({ services, log }) => {
      const expiry = new OrderExpiryWorker(orderingDeps(services.write), log.child({ role: 'worker', component: 'order-expiry' }));
      expiry.start();
      return () => expiry.stop();
    },
  },
};
export { ordering as module };
