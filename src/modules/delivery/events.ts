import { makeEvent, type DomainEvent } from '../../shared/event';
import { eventSchema, type EventSchema } from '../../shared/event-schema';
import { toE6 } from './domain/geo';
import type { MenuItem, OpeningWindow, Store } from './domain/store';
import { DELIVERY_ORDER_STATUSES, PAYMENT_STATUSES, type DeliveryOrder, type DeliveryOrderLine, type DeliveryOrderStatus, type PaymentStatus } from './domain/delivery-order';

export const STORE_AGGREGATE = 'Store';
export const MENU_ITEM_AGGREGATE = 'MenuItem';
export const DELIVERY_ORDER_AGGREGATE = 'DeliveryOrder';

/** Locations travel as integers (degrees × 10⁶): the event contract has no floating-point type. */
interface StoreData {
  merchantId: string; name: string; description: string; address: string; latE6: number; lngE6: number;
  deliveryRadiusM: number; openingHours: OpeningWindow[];
}
export type StoreRegistered = DomainEvent<'StoreRegistered', StoreData>;
interface MenuItemData { storeId: string; name: string; description: string; price: number; available: boolean }
export type MenuItemAdded = DomainEvent<'MenuItemAdded', MenuItemData>;
export type MenuItemUpdated = DomainEvent<'MenuItemUpdated', MenuItemData>;

/**
 * Every DeliveryOrder event carries the order's state after it (aggregateVersion = its version),
 * so a read model keeps the newest by version whatever order and however often they arrive.
 */
export interface DeliveryOrderData {
  storeId: string; merchantId: string; customerId: string; status: DeliveryOrderStatus; previousStatus: DeliveryOrderStatus | null;
  items: DeliveryOrderLine[]; total: number; paymentStatus: PaymentStatus; placedAt: string; estimatedReadyAt: string | null;
}
export const DELIVERY_ORDER_EVENT_TYPES = [
  'DeliveryOrderPlaced', 'DeliveryOrderPaid', 'DeliveryPaymentFailed', 'DeliveryPaymentRetried', 'DeliveryOrderAccepted',
  'DeliveryOrderRejected', 'DeliveryOrderCookingStarted', 'DeliveryOrderReadyForPickup', 'DeliveryOrderCancelled',
  'DeliveryPaymentCaptured', 'DeliveryPaymentVoided', 'DeliveryOrderChanged',
] as const;
export type DeliveryOrderEventType = (typeof DELIVERY_ORDER_EVENT_TYPES)[number];
export type DeliveryOrderEvent = DomainEvent<DeliveryOrderEventType, DeliveryOrderData>;
export type DeliveryEvent = StoreRegistered | MenuItemAdded | MenuItemUpdated | DeliveryOrderEvent;

export const storeRegistered = (s: Store): StoreRegistered =>
  makeEvent<'StoreRegistered', StoreData>('StoreRegistered', { type: STORE_AGGREGATE, id: s.id, version: s.version }, s.createdAt, {
    merchantId: s.merchantId, name: s.name, description: s.description, address: s.address, latE6: toE6(s.location.lat), lngE6: toE6(s.location.lng),
    deliveryRadiusM: Math.round(s.deliveryRadiusKm * 1000), openingHours: s.openingHours,
  });

const menuItemData = (m: MenuItem): MenuItemData => ({ storeId: m.storeId, name: m.name, description: m.description, price: m.price, available: m.available });
export const menuItemAdded = (m: MenuItem, now: Date): MenuItemAdded =>
  makeEvent<'MenuItemAdded', MenuItemData>('MenuItemAdded', { type: MENU_ITEM_AGGREGATE, id: m.id, version: m.version }, now, menuItemData(m));
export const menuItemUpdated = (m: MenuItem, now: Date): MenuItemUpdated =>
  makeEvent<'MenuItemUpdated', MenuItemData>('MenuItemUpdated', { type: MENU_ITEM_AGGREGATE, id: m.id, version: m.version }, now, menuItemData(m));

/** The event of a DeliveryOrder change: `type` names what happened, the data is the order after it. */
export function deliveryOrderEvent(type: DeliveryOrderEventType, o: DeliveryOrder, previousStatus: DeliveryOrderStatus | null, now: Date): DeliveryOrderEvent {
  return makeEvent<DeliveryOrderEventType, DeliveryOrderData>(type, { type: DELIVERY_ORDER_AGGREGATE, id: o.id, version: o.version }, now, {
    storeId: o.storeId, merchantId: o.merchantId, customerId: o.customerId, status: o.status, previousStatus, items: o.items, total: o.total,
    paymentStatus: o.payment.status, placedAt: o.placedAt, estimatedReadyAt: o.estimatedReadyAt,
  });
}

const orderData = {
  storeId: 'uuid', merchantId: 'uuid', customerId: 'uuid', status: { enum: DELIVERY_ORDER_STATUSES },
  previousStatus: { nullable: { enum: DELIVERY_ORDER_STATUSES } },
  items: { list: { object: { menuItemId: 'uuid', name: 'string', quantity: 'integer', unitPrice: 'integer', lineTotal: 'integer' } } },
  total: 'integer', paymentStatus: { enum: PAYMENT_STATUSES }, placedAt: 'datetime', estimatedReadyAt: { nullable: 'datetime' },
} as const;
const menuData = { storeId: 'uuid', name: 'string', description: 'string', price: 'integer', available: 'boolean' } as const;

/** The wire shape of every delivery event (checked against every outbox row the tests write). */
export const deliveryEventSchemas: EventSchema[] = [
  eventSchema<StoreRegistered>({
    type: 'StoreRegistered', schemaVersion: 1, aggregateType: STORE_AGGREGATE,
    data: {
      merchantId: 'uuid', name: 'string', description: 'string', address: 'string', latE6: 'integer', lngE6: 'integer', deliveryRadiusM: 'integer',
      openingHours: { list: { object: { dayOfWeek: 'integer', opensAt: 'string', closesAt: 'string' } } },
    },
  }),
  eventSchema<MenuItemAdded>({ type: 'MenuItemAdded', schemaVersion: 1, aggregateType: MENU_ITEM_AGGREGATE, data: menuData }),
  eventSchema<MenuItemUpdated>({ type: 'MenuItemUpdated', schemaVersion: 1, aggregateType: MENU_ITEM_AGGREGATE, data: menuData }),
  ...DELIVERY_ORDER_EVENT_TYPES.map((type) => eventSchema<DeliveryOrderEvent>({ type, schemaVersion: 1, aggregateType: DELIVERY_ORDER_AGGREGATE, data: orderData })),
];
