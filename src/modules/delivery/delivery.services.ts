import type { Infrastructure } from '../../graphql/context';
import { deliverySettings, type DeliverySettings } from './delivery.config';
import { paymentGuard } from './payments/cockatiel-guard';
import { HttpPaymentGateway } from './payments/http-payment-gateway';
import type { PaymentGateway } from './payments/payment-gateway';
import { createDeliveryPubSub, type DeliveryPubSub } from './live/delivery-status.types';

/** What delivery keeps per process: its settings, one guarded gateway client (one breaker per process), its live PubSub. */
export interface DeliveryServices {
  settings: DeliverySettings;
  gateway: PaymentGateway;
  /** deliveryOrderStatusChanged's subscribers in this process, fed by the NATS fan-out. */
  pubSub: DeliveryPubSub;
}

export const deliveryServices = (_infra: Infrastructure): DeliveryServices => {
  const settings = deliverySettings();
  return { settings, gateway: new HttpPaymentGateway(settings.paymentGatewayUrl, paymentGuard(settings.guard)), pubSub: createDeliveryPubSub() };
};

declare module '../../graphql/context' {
  interface ModuleServices {
    delivery: DeliveryServices;
  }
}
