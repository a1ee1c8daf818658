import type { Pool } from 'pg';
import { newId } from '../../shared/ids';
import { claimCte, replay, requestHash, saveResponseCte, type IdempotencyScope } from '../../shared/idempotency';
import { outboxCte } from '../../shared/outbox.sql';
import { executeOnlyEntityManager, inTransaction, run, withCtes, type Cte } from '../../shared/sql';
import { ErrorCode, UserFacingError, userError } from '../../shared/user-error';
import type { DomainEvent } from '../../shared/event';
import { markCouponUsed, reserveCouponForOrder } from '../coupons/coupon-usage';
import { debitCtes } from '../wallet/wallet.store';
import {
  markPaid, openOrder, outOfStock, priceItems, repeatedItem, subtotalOf, type CatalogEntry, type Order, type RequestedItem,
} from './domain/order';
import { orderPaid, orderPlaced } from './events';
import { insertOrderCtes } from './order.store';
import { holdStock } from './stock-holds';

export interface PlacementRequest {
  scope: IdempotencyScope;
  userId: string;
  items: RequestedItem[];
  couponId: string | null;
  now: Date;
  holdSeconds: number;
  /** checkout: debit the wallet and create the order PAID, in the same transaction. */
  pay: boolean;
}

export const insufficientBalance = (total: number) =>
  new UserFacingError([userError(ErrorCode.INSUFFICIENT_BALANCE, `Your balance does not cover the total of ${total} won; charge points first`)]);

export const couponNotHeld = () => new UserFacingError([userError(
  ErrorCode.COUPON_NOT_USABLE, 'The coupon on this order is no longer held for it; cancel the order and place it again', ['input', 'orderId'],
)]);

/**
 * placeOrder and checkout: one transaction of few round trips, per-user rows first and the hot
 * stock rows last (each stays locked only from its UPDATE to the commit):
 *   1. claim the idempotency key + read the catalog rows    (one statement)
 *   2. coupon reserve (and use, for checkout)               (only with a coupon)
 *   3. wallet debit or balance read + order + items + stored answer + order events  (one statement)
 *   4. stock holds: per product in productId order, one conditional UPDATE + its StockChanged event
 * Locks are always taken coupon → wallet → stock, here and in pay/cancel/expire.
 * `respond` builds the payload stored for retries (and returned).
 */
export async function placeOrderInTransaction<R>(pool: Pool, req: PlacementRequest, respond: (order: Order) => R): Promise<R> {
  const repeated = repeatedItem(req.items);
  if (repeated) throw new UserFacingError([repeated]);
  const { now, userId, scope } = req;
  const hash = requestHash({ items: req.items, couponId: req.couponId });

  return inTransaction(pool, async (sql) => {
    const [first] = await run<{ claimed: number; products: Array<{ id: string; name: string; price: number }> }>(sql, withCtes(
      [claimCte(scope, hash, now)],
      {
        text: `select (select count(*)::int from idempotency_claim) as claimed,
                      coalesce((select json_agg(json_build_object('id', id, 'name', name, 'price', price))
                                from products where id = any(?::uuid[])), '[]'::json) as products`,
        params: [req.items.map((i) => i.productId)],
      },
    ));
    if (first.claimed === 0) return replay<R>(sql, scope, hash);
    const lines = priceItems(req.items, new Map<string, CatalogEntry>(first.products.map((p) => [p.id, p])));
    if (!Array.isArray(lines)) throw new UserFacingError([lines]);

    const orderId = newId(now.getTime());
    const coupons = executeOnlyEntityManager(sql);
    const discount = req.couponId
      ? (await reserveCouponForOrder(coupons, { couponId: req.couponId, userId, orderId, subtotal: subtotalOf(lines), now })).discount
      : 0;
    const placed = openOrder({ id: orderId, userId, lines, discount, couponId: req.couponId, now, holdSeconds: req.holdSeconds });
    const events: DomainEvent[] = [orderPlaced(placed, now)];
    const writes: Cte[] = [];
    let order = placed;
    if (req.pay) {
      if (placed.couponId && !(await markCouponUsed(coupons, { couponId: placed.couponId, orderId, now }))) throw couponNotHeld();
      const paymentId = newId(now.getTime());
      writes.push(...debitCtes({ transactionId: paymentId, userId, amount: placed.total, orderId, now }));
      order = markPaid(placed, paymentId, now);
      events.push(orderPaid(order, now));
    }
    const response = respond(order);
    writes.push(...insertOrderCtes(order), saveResponseCte(scope, response), outboxCte(events));
    // Paying: the debit's own guard decides. Placing: the balance is checked, not reserved.
    const writing = run<{ balance: number | null }>(sql, withCtes(writes, req.pay
      ? { text: 'select (select balance from wallet) as balance', params: [] }
      : { text: 'select coalesce((select balance from wallets where user_id = ?), 0) as balance', params: [userId] }));
    // Issued in the same tick, the first stock hold goes to Postgres in the same message as the
    // writes (inTransaction batches them; they still run in this order, the hot row last). If the
    // balance is short, the hold that ran anyway is rolled back with everything else.
    const holding = holdStock(sql, order.items, now);
    const [[written], held] = await Promise.all([writing, holding]);
    if (written.balance === null || (!req.pay && written.balance < placed.total)) throw insufficientBalance(placed.total);
    if (held.short) throw new UserFacingError([outOfStock(held.short, req.items)]);
    return response;
  });
}
