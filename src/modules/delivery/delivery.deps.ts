import type { WriteDeps } from '../../shared/write-deps';
import type { Services } from '../../graphql/context';
import type { PaymentGateway } from './payments/payment-gateway';
import { pgStores, type StoreStore } from './stores/store.store';
import { pgDeliveryOrders, type DeliveryOrderStore } from './stores/delivery-order.store';
import { pgPaymentSteps, type PaymentStepStore } from './stores/payment-step.store';

/** The ports delivery's handlers run on (real stores in the app, in-memory fakes in unit specs). */
export interface DeliveryDeps extends WriteDeps {
  stores: StoreStore;
  orders: DeliveryOrderStore;
  steps: PaymentStepStore;
  gateway: PaymentGateway;
}

export const deliveryDeps = (write: WriteDeps, gateway: PaymentGateway): DeliveryDeps => ({
  ...write, stores: pgStores, orders: pgDeliveryOrders, steps: pgPaymentSteps, gateway,
});

/** The deps for a request: the app's write ports and the process's guarded gateway. */
export const deliveryDepsOf = (services: Pick<Services, 'write' | 'modules'>): DeliveryDeps =>
  deliveryDeps(services.write, services.modules.delivery.gateway);
