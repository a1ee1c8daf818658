import type { Infrastructure } from '../../graphql/context';
import { deliverySettings, type DeliverySettings } from './delivery.config';
import { paymentGuard } from './payments/cockatiel-guard';
import { HttpPaymentGateway } from './payments/http-payment-gateway';
import type { PaymentGateway } from './payments/payment-gateway';

/** What delivery keeps per process: its settings and one guarded gateway client (one breaker per process). */
export interface DeliveryServices {
  settings: DeliverySettings;
  gateway: PaymentGateway;
}

export const deliveryServices = (infra: Infrastructure): DeliveryServices => {
  const settings = deliverySettings();
  return { settings, gateway: new HttpPaymentGateway(settings.paymentGatewayUrl, paymentGuard(settings.guard, infra.log)) };
};

declare module '../../graphql/context' {
  interface ModuleServices {
    delivery: DeliveryServices;
  }
}
