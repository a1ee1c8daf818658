import type { LatLng } from './geo';
import { orderAlreadyCooking, orderStateConflict } from './delivery-errors';

export const DELIVERY_ORDER_STATUSES = [
  'AWAITING_PAYMENT', 'PAID', 'ACCEPTED', 'COOKING', 'READY_FOR_PICKUP', 'PICKED_UP', 'DELIVERED', 'COMPLETED',
  'REJECTED', 'CANCELLED', 'PAYMENT_FAILED',
] as const;
export type DeliveryOrderStatus = (typeof DELIVERY_ORDER_STATUSES)[number];

/**
 * PENDING: an authorization is to be asked for (or was asked and its outcome is unknown: the
 * reconciler looks it up by key). The rest are the gateway's definite answers.
 */
export const PAYMENT_STATUSES = ['PENDING', 'AUTHORIZED', 'DECLINED', 'CAPTURED', 'VOIDED', 'REFUNDED'] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

/** Every legal move of the state machine; anything else is ORDER_STATE_CONFLICT. */
const NEXT: Record<DeliveryOrderStatus, readonly DeliveryOrderStatus[]> = {
  AWAITING_PAYMENT: ['PAID', 'PAYMENT_FAILED', 'CANCELLED'],
  // A definite decline may be retried (a new attempt with a new key, maybe another card).
  PAYMENT_FAILED: ['AWAITING_PAYMENT', 'CANCELLED'],
  PAID: ['ACCEPTED', 'REJECTED', 'CANCELLED'],
  ACCEPTED: ['COOKING', 'REJECTED', 'CANCELLED'],
  COOKING: ['READY_FOR_PICKUP'],
  READY_FOR_PICKUP: ['PICKED_UP'],
  PICKED_UP: ['DELIVERED'],
  DELIVERED: ['COMPLETED'],
  COMPLETED: [],
  REJECTED: [],
  CANCELLED: [],
};

/** Statuses from which the customer can no longer cancel or change: the kitchen has begun. */
const KITCHEN_STARTED: ReadonlySet<DeliveryOrderStatus> = new Set(['COOKING', 'READY_FOR_PICKUP', 'PICKED_UP', 'DELIVERED', 'COMPLETED']);

export const MAX_ITEMS_PER_ORDER = 10;

export interface DeliveryOrderLine {
  menuItemId: string;
  name: string;
  quantity: number;
  unitPrice: number;
  lineTotal: number;
}

export interface StatusChange {
  status: DeliveryOrderStatus;
  at: string;
}

export interface DeliveryPayment {
  status: PaymentStatus;
  /** 1, 2, …: a new attempt (and key) only after a definite decline. */
  attempt: number;
  cardToken: string;
  authorizationId: string | null;
  declineReason: string | null;
}

export interface DeliveryOrder {
  id: string;
  storeId: string;
  merchantId: string;
  customerId: string;
  status: DeliveryOrderStatus;
  items: DeliveryOrderLine[];
  total: number;
  deliveryAddress: string;
  deliveryLocation: LatLng;
  payment: DeliveryPayment;
  placedAt: string;
  paidAt: string | null;
  acceptedAt: string | null;
  cookingStartedAt: string | null;
  readyAt: string | null;
  estimatedReadyAt: string | null;
  closedAt: string | null;
  rejectReason: string | null;
  history: StatusChange[];
  version: number;
}

/** The gateway key of an attempt: the same on every retry while its outcome is unknown. */
export const authorizationKey = (o: Pick<DeliveryOrder, 'id' | 'payment'>) => `delivery-${o.id}-auth-${o.payment.attempt}`;

export function canMove(from: DeliveryOrderStatus, to: DeliveryOrderStatus): boolean {
  return NEXT[from].includes(to);
}

/** The order at `to` (version + 1, history appended), or the refusal naming the current status. */
export function moveTo(order: DeliveryOrder, to: DeliveryOrderStatus, now: Date, patch: Partial<DeliveryOrder> = {}): DeliveryOrder {
  if (!canMove(order.status, to)) throw orderStateConflict(order.status);
  return { ...order, ...patch, status: to, version: order.version + 1, history: [...order.history, { status: to, at: now.toISOString() }] };
}

export const kitchenStarted = (order: Pick<DeliveryOrder, 'status'>) => KITCHEN_STARTED.has(order.status);

/** Cancel and change are the customer's only until cooking starts. */
export function assertKitchenNotStarted(order: DeliveryOrder): void {
  if (kitchenStarted(order)) throw orderAlreadyCooking(order.status);
}

/** What is owed to the gateway when an order stops before cooking: a void when money was authorized (or may have been). */
export const needsVoid = (order: DeliveryOrder) => order.payment.status === 'AUTHORIZED' || order.payment.status === 'PENDING';

export function openDeliveryOrder(fields: Omit<DeliveryOrder, 'status' | 'version' | 'history' | 'paidAt' | 'acceptedAt' | 'cookingStartedAt' | 'readyAt' | 'estimatedReadyAt' | 'closedAt' | 'rejectReason'>): DeliveryOrder {
  return {
    ...fields, status: 'AWAITING_PAYMENT', version: 1, history: [{ status: 'AWAITING_PAYMENT', at: fields.placedAt }],
    paidAt: null, acceptedAt: null, cookingStartedAt: null, readyAt: null, estimatedReadyAt: null, closedAt: null, rejectReason: null,
  };
}
