import { newId } from '../../shared/ids';
import { replayOf, requestHash, type IdempotencyScope } from '../../shared/idempotency';
import { UserFacingError } from '../../shared/user-error';
import type { DomainEvent } from '../../shared/event';
import { stockChanged } from '../catalog';
import { reserveCouponForOrder } from '../coupons';
import {
  markPaid, openOrder, outOfStock, priceItems, repeatedItem, subtotalOf, type CatalogEntry, type Order, type RequestedItem,
} from './domain/order';
import { couponNotHeld, insufficientBalance } from './domain/order-errors';
import { orderPaid, orderPlaced } from './events';
import type { OrderingDeps } from './ordering.deps';
import { gatesOf, requireAdmission } from '../waiting-room';

export interface PlacementRequest {
  scope: IdempotencyScope;
  userId: string;
  items: RequestedItem[];
  couponId: string | null;
  /** The caller's ACTIVE queue ticket, for a product behind a gate. */
  queueToken: string | null;
  holdSeconds: number;
  /** checkout: debit the wallet and create the order PAID, in the same transaction. */
  pay: boolean;
}

/**
 * placeOrder and checkout in one transaction of three round trips (statements issued together
 * are pipelined), per-user rows first and the hot stock rows last, each stock row locked only
 * from its UPDATE to the commit:
 *   1. BEGIN + claim the idempotency key + price the items from the catalog
 *      (coupon reserve — and use, for checkout — only with a coupon: one more)
 *   2. wallet debit (checkout) or balance read, order + items, the stored answer, stock holds
 *      in productId order
 *   3. every event of the order and its stock into the outbox + COMMIT
 * Locks are always taken coupon → wallet → stock, here and in pay/cancel/expire, so two
 * transactions never wait on each other in a circle. `respond` builds the stored answer.
 */
export async function placeOrderInTransaction<R>(deps: OrderingDeps, req: PlacementRequest, respond: (order: Order) => R): Promise<R> {
  const repeated = repeatedItem(req.items);
  if (repeated) throw new UserFacingError([repeated]);
  const { userId, scope } = req;
  const now = deps.clock.now();
  const hash = requestHash({ items: req.items, couponId: req.couponId });

  const gated = await gatesOf(deps.admission, req.items.map((i) => ({ productId: i.productId })));
  const answer = await deps.transactions.withTransaction(async (tx) => {
    const [claim, prices] = await Promise.all([
      deps.idempotency.claim(tx, scope, hash, now),
      deps.products.prices(tx, req.items.map((i) => i.productId)),
    ]);
    if (claim !== true) return replayOf<R>(claim, hash);
    // After the replay check (a retried order that went through is answered, ticket spent or not).
    await requireAdmission(deps.admission, userId, gated, req.queueToken);
    const lines = priceItems(req.items, new Map<string, CatalogEntry>(prices.map((p) => [p.id, p])));
    if (!Array.isArray(lines)) throw new UserFacingError([lines]);

    const orderId = newId(now.getTime());
    const discount = req.couponId
      ? (await reserveCouponForOrder(deps.coupons, tx, { couponId: req.couponId, userId, orderId, subtotal: subtotalOf(lines), now })).discount
      : 0;
    const placed = openOrder({ id: orderId, userId, lines, discount, couponId: req.couponId, now, holdSeconds: req.holdSeconds });
    let order = placed;
    const events: DomainEvent[] = [orderPlaced(placed, now)];
    if (req.pay) {
      if (placed.couponId && !(await deps.coupons.markUsed(tx, { couponId: placed.couponId, orderId, now }))) throw couponNotHeld();
      order = markPaid(placed, newId(now.getTime()), now);
      events.push(orderPaid(order, now));
    }
    const response = respond(order);

    // Paying: the debit's own guard (balance >= total) decides. Placing: the balance is checked, not reserved.
    const [funds, , , held] = await Promise.all([
      req.pay
        ? deps.wallets.debit(tx, { transactionId: order.payment!.id, userId, amount: order.total, orderId, now }).then((w) => w !== null)
        : deps.wallets.balance(tx, userId).then((balance) => balance >= order.total),
      deps.orders.insert(tx, order),
      deps.idempotency.saveResponse(tx, scope, response),
      deps.stock.adjustAll(tx, order.items.map((line) => ({ productId: line.productId, delta: -line.quantity }))),
    ]);
    if (!funds) throw insufficientBalance(order.total);
    const short = order.items.findIndex((_, i) => held[i] === null);
    if (short >= 0) throw new UserFacingError([outOfStock(order.items[short], req.items)]);

    const stockEvents = order.items.map((line, i) => stockChanged(line.productId, held[i]!, -line.quantity, 'HELD', now));
    // Not awaited on purpose: nobody needs its answer, so it travels with the COMMIT (the
    // transaction still waits for it and commits only if it succeeded; see shared/tx.ts).
    // Its own failure is reported by the commit (which then does not happen), not as an unhandled rejection.
    deps.outbox.append(tx, [...events, ...stockEvents]).catch(() => undefined);
    return response;
  });
  // The order holds its stock now: the gate's slot goes to the next shopper at once (best
  // effort; the ticket's TTL frees it anyway).
  if (gated.length > 0 && req.queueToken) await deps.admission!.complete(req.queueToken).catch(() => undefined);
  return answer;
}
