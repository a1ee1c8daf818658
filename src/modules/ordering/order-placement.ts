import type { EntityManager } from '@mikro-orm/postgresql';
import { newId } from '../../shared/ids';
import { appendToOutbox } from '../../shared/outbox.entity';
import { ErrorCode, UserFacingError, userError } from '../../shared/user-error';
import type { DomainEvent } from '../../shared/event';
import { markCouponUsed, reserveCouponForOrder } from '../coupons/coupon-usage';
import { debitWallet, readBalance } from '../wallet/wallet.store';
import {
  markPaid, openOrder, outOfStock, priceItems, subtotalOf, type CatalogEntry, type Order, type RequestedItem,
} from './domain/order';
import { orderPaid, orderPlaced } from './events';
import { insertOrder, uuidArray } from './order.store';
import { holdStock } from './stock-holds';

export interface PlacementRequest {
  userId: string;
  items: RequestedItem[];
  couponId: string | null;
  now: Date;
  holdSeconds: number;
  /** checkout: debit the wallet and mark the order PAID in the same transaction. */
  pay: boolean;
}

export interface Placement {
  order: Order;
  /** The last step: hold the stock and queue the events. Run it after everything else, so the
   * hot stock rows stay locked only for this and the commit. Throws OUT_OF_STOCK. */
  holdStockAndPublish(): Promise<void>;
}

export const insufficientBalance = (total: number) =>
  new UserFacingError([userError(ErrorCode.INSUFFICIENT_BALANCE, `Your balance does not cover the total of ${total} won; charge points first`)]);

/**
 * placeOrder and checkout up to the stock hold, inside the caller's transaction. Cheap and
 * per-user work first (catalog read, coupon, wallet), hot rows last. Locks are always taken in
 * the order coupon → wallet → stock (by productId), here and in pay/cancel/expire.
 */
export async function prepareOrder(tx: EntityManager, req: PlacementRequest): Promise<Placement> {
  const { now, userId } = req;
  const products: Array<{ id: string; name: string; price: number }> = await tx.execute(
    'select id, name, price from products where id = any(?::uuid[])', [uuidArray(req.items.map((i) => i.productId))],
  );
  const lines = priceItems(req.items, new Map<string, CatalogEntry>(products.map((p) => [p.id, p])));
  if (!Array.isArray(lines)) throw new UserFacingError([lines]);

  const orderId = newId(now.getTime());
  const discount = req.couponId
    ? (await reserveCouponForOrder(tx, { couponId: req.couponId, userId, orderId, subtotal: subtotalOf(lines), now })).discount
    : 0;
  const placed = openOrder({ id: orderId, userId, lines, discount, couponId: req.couponId, now, holdSeconds: req.holdSeconds });
  const events: DomainEvent[] = [orderPlaced(placed, now)];
  let order = placed;

  if (req.pay) {
    if (placed.couponId) await markCouponUsed(tx, { couponId: placed.couponId, orderId, now });
    const paymentId = newId(now.getTime());
    const wallet = await debitWallet(tx, { transactionId: paymentId, userId, amount: placed.total, orderId, now });
    if (!wallet) throw insufficientBalance(placed.total);
    order = markPaid(placed, paymentId, now);
    events.push(orderPaid(order, now));
  } else if ((await readBalance(tx, userId)) < placed.total) {
    // Checked, not reserved: payOrder debits under its own guard.
    throw insufficientBalance(placed.total);
  }
  await insertOrder(tx, order);

  return {
    order,
    async holdStockAndPublish() {
      const held = await holdStock(tx, order.items, now);
      if (held.short) throw new UserFacingError([outOfStock(held.short, req.items)]);
      appendToOutbox(tx, [...events, ...held.events]);
    },
  };
}
