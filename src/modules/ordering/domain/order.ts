import { ErrorCode, userError, type UserErrorData } from '../../../shared/user-error';
import { OrderingErrorCode } from './order-errors';

/**
 * The Order aggregate as plain data plus the rules of its lifecycle. Pure: every decision takes
 * `now` and ids as arguments, so it is the same in a handler, the worker and a unit test.
 *
 *   PENDING ──pay──▶ PAID ──cancel (refund, stock back)──▶ CANCELLED
 *      │ └──cancel (hold released)──▶ CANCELLED
 *      └──expire (hold released, by the worker)──▶ EXPIRED
 */
export type OrderStatusName = 'PENDING' | 'PAID' | 'CANCELLED' | 'EXPIRED';

export const MAX_ORDER_ITEMS = 50;
export const MIN_ITEM_QUANTITY = 1;
export const MAX_ITEM_QUANTITY = 100;

export interface OrderLine {
  productId: string;
  productName: string;
  /** KRW at the time of ordering. */
  unitPrice: number;
  quantity: number;
  lineTotal: number;
}

export interface PaymentRecord {
  /** The id of the wallet's PAYMENT ledger entry. */
  id: string;
  amount: number;
  paidAt: string;
}

/** JSON-safe (times are ISO strings): it is also the payload idempotent retries get back. */
export interface Order {
  id: string;
  userId: string;
  status: OrderStatusName;
  /** Sorted by productId: the order stock rows are locked in, so two orders never deadlock. */
  items: OrderLine[];
  subtotal: number;
  discount: number;
  total: number;
  couponId: string | null;
  expiresAt: string;
  createdAt: string;
  paidAt: string | null;
  cancelledAt: string | null;
  version: number;
  payment: PaymentRecord | null;
}

export interface RequestedItem {
  productId: string;
  quantity: number;
}

export interface CatalogEntry {
  name: string;
  price: number;
}

const itemField = (index: number, name: string) => ['input', 'items', String(index), name];

/**
 * The largest total an order may have: amounts are Postgres integers (orders, order lines,
 * wallet). 100 × a 100,000,000-won product used to reach the insert and fail there as
 * INTERNAL_SERVER_ERROR; it is refused while pricing instead, before anything is written.
 */
export const MAX_ORDER_TOTAL = 2_147_483_647;

/** Prices the requested items from the catalog; an unknown product is NOT_FOUND at its item. */
export function priceItems(requested: RequestedItem[], catalog: Map<string, CatalogEntry>): OrderLine[] | UserErrorData {
  const lines: OrderLine[] = [];
  for (const [index, item] of requested.entries()) {
    const product = catalog.get(item.productId);
    if (!product) return userError(ErrorCode.NOT_FOUND, 'No such product', itemField(index, 'productId'));
    lines.push({
      productId: item.productId, productName: product.name, unitPrice: product.price,
      quantity: item.quantity, lineTotal: product.price * item.quantity,
    });
  }
  if (subtotalOf(lines) > MAX_ORDER_TOTAL) {
    return userError(OrderingErrorCode.ORDER_TOO_LARGE, `An order may total at most ${MAX_ORDER_TOTAL} won`, ['input', 'items']);
  }
  return lines.sort((a, b) => (a.productId < b.productId ? -1 : a.productId > b.productId ? 1 : 0));
}

export const subtotalOf = (lines: OrderLine[]) => lines.reduce((sum, line) => sum + line.lineTotal, 0);

export function outOfStock(line: OrderLine, requested: RequestedItem[]): UserErrorData {
  const index = requested.findIndex((r) => r.productId === line.productId);
  return userError(OrderingErrorCode.OUT_OF_STOCK, `Not enough "${line.productName}" in stock for ${line.quantity}`, itemField(index, 'quantity'));
}

export function openOrder(args: {
  id: string; userId: string; lines: OrderLine[]; discount: number; couponId: string | null; now: Date; holdSeconds: number;
}): Order {
  const subtotal = subtotalOf(args.lines);
  const discount = Math.min(Math.max(args.discount, 0), subtotal);
  return {
    id: args.id, userId: args.userId, status: 'PENDING', items: args.lines, subtotal, discount, total: subtotal - discount,
    couponId: args.couponId, expiresAt: new Date(args.now.getTime() + args.holdSeconds * 1000).toISOString(),
    createdAt: args.now.toISOString(), paidAt: null, cancelledAt: null, version: 1, payment: null,
  };
}

const ORDER_FIELD = ['input', 'orderId'];

/** Why this order cannot be paid now, or null when it can. */
export function payRefusal(order: Order, now: Date): UserErrorData | null {
  if (order.status === 'EXPIRED' || (order.status === 'PENDING' && Date.parse(order.expiresAt) <= now.getTime())) {
    return userError(OrderingErrorCode.ORDER_EXPIRED, 'This order expired and its items were released; place it again', ORDER_FIELD);
  }
  if (order.status !== 'PENDING') {
    return userError(OrderingErrorCode.ORDER_NOT_PAYABLE, `Only a PENDING order can be paid; this one is ${order.status}`, ORDER_FIELD);
  }
  return null;
}

export function markPaid(order: Order, paymentId: string, now: Date): Order {
  const paidAt = now.toISOString();
  return { ...order, status: 'PAID', paidAt, version: order.version + 1, payment: { id: paymentId, amount: order.total, paidAt } };
}

export function cancelRefusal(order: Order): UserErrorData | null {
  if (order.status === 'PENDING' || order.status === 'PAID') return null;
  return userError(OrderingErrorCode.ORDER_NOT_CANCELLABLE, `A ${order.status} order cannot be cancelled`, ORDER_FIELD);
}

/** A paid order is refunded in full. */
export const refundDue = (order: Order) => (order.status === 'PAID' ? order.total : 0);

export function markCancelled(order: Order, now: Date): Order {
  return { ...order, status: 'CANCELLED', cancelledAt: now.toISOString(), version: order.version + 1 };
}

export function isOverdue(order: Order, now: Date): boolean {
  return order.status === 'PENDING' && Date.parse(order.expiresAt) <= now.getTime();
}

export function markExpired(order: Order): Order {
  return { ...order, status: 'EXPIRED', version: order.version + 1 };
}

/** Item lists name each product once; a repeat is BAD_USER_INPUT at the repeated item. */
export function repeatedItem(items: RequestedItem[]): UserErrorData | null {
  const seen = new Set<string>();
  for (const [index, item] of items.entries()) {
    if (seen.has(item.productId)) {
      return userError(ErrorCode.BAD_USER_INPUT, 'Each product may appear only once; add up the quantities instead', itemField(index, 'productId'));
    }
    seen.add(item.productId);
  }
  return null;
}
