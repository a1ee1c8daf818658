import { createPubSub, type PubSub } from '@graphql-yoga/subscription';
import type { OrderStatusChangePayload } from '../modules/ordering/live-status/order-status-change.type';
import type { ReservationStatusChangePayload, SeatsChangePayload } from '../modules/ticketing/live/ticketing-live.types';

/**
 * In-process PubSub (what type-graphql 2 expects). It only reaches this process's subscribers;
 * cross-instance fan-out comes from NATS (see OrderStatusFanout), which publishes into it.
 */
export type Topics = {
  ORDER_STATUS_CHANGED: [orderId: string, change: OrderStatusChangePayload];
  SEATS_CHANGED: [performanceId: string, change: SeatsChangePayload];
  RESERVATION_STATUS_CHANGED: [reservationId: string, change: ReservationStatusChangePayload];
};

export type AppPubSub = PubSub<Topics>;

export const createAppPubSub = (): AppPubSub => createPubSub<Topics>();
