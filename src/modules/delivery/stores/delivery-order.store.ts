import type { Tx } from '../../../shared/tx';
import type { DeliveryOrder } from '../domain/delivery-order';

/** Delivery orders: inserted once, then moved by version-guarded writes on the locked row. */
export interface DeliveryOrderStore {
  insert(tx: Tx, order: DeliveryOrder): Promise<void>;
  /** SELECT … FOR UPDATE: two transitions of one order (cancel vs startCooking) run one after the other. */
  lock(tx: Tx, id: string): Promise<DeliveryOrder | null>;
  byId(tx: Tx, id: string): Promise<DeliveryOrder | null>;
  /** UPDATE … WHERE version = expected; false when it moved on. */
  save(tx: Tx, expectedVersion: number, order: DeliveryOrder): Promise<boolean>;
  /** PAID orders paid before `before` (nobody accepted them in time), locked, skipping rows another worker holds. */
  lockUnaccepted(tx: Tx, before: Date, limit: number): Promise<DeliveryOrder[]>;
  /**
   * AWAITING_PAYMENT orders placed before `before`, least recently checked first (so orders that
   * were never sent cannot starve the ones whose outcome is unknown): to be settled by key.
   */
  awaitingPayment(tx: Tx, placedBefore: Date, checkedBefore: Date, limit: number): Promise<DeliveryOrder[]>;
  /** The reconciler found no authorization for these orders' current attempts at `now`. */
  markPaymentChecked(tx: Tx, ids: readonly string[], now: Date): Promise<void>;
}

const COLUMNS = `id, store_id as "storeId", merchant_id as "merchantId", customer_id as "customerId", status, items, total,
  delivery_address as "deliveryAddress", json_build_object('lat', delivery_lat, 'lng', delivery_lng) as "deliveryLocation",
  json_build_object('status', payment_status, 'attempt', payment_attempt, 'cardToken', card_token, 'authorizationId', authorization_id,
                    'declineReason', decline_reason) as payment,
  to_json(placed_at) #>> '{}' as "placedAt", to_json(paid_at) #>> '{}' as "paidAt", to_json(accepted_at) #>> '{}' as "acceptedAt",
  to_json(cooking_started_at) #>> '{}' as "cookingStartedAt", to_json(ready_at) #>> '{}' as "readyAt",
  to_json(estimated_ready_at) #>> '{}' as "estimatedReadyAt", to_json(closed_at) #>> '{}' as "closedAt", reject_reason as "rejectReason", history, version`;

/** Timestamps are ISO strings in the domain; Postgres returns them as its own JSON text, normalised here. */
const iso = (value: string | null) => (value === null ? null : new Date(value).toISOString());
const fromRow = (r: DeliveryOrder): DeliveryOrder => ({
  ...r, placedAt: iso(r.placedAt)!, paidAt: iso(r.paidAt), acceptedAt: iso(r.acceptedAt), cookingStartedAt: iso(r.cookingStartedAt),
  readyAt: iso(r.readyAt), estimatedReadyAt: iso(r.estimatedReadyAt), closedAt: iso(r.closedAt),
});

const PARAMS = (o: DeliveryOrder) => [
  o.id, o.status, JSON.stringify(o.items), o.payment.status, o.payment.attempt, o.payment.cardToken, o.payment.authorizationId,
  o.payment.declineReason, o.paidAt, o.acceptedAt, o.cookingStartedAt, o.readyAt, o.estimatedReadyAt, o.closedAt, o.rejectReason,
  JSON.stringify(o.history), o.version, o.total,
];

export const pgDeliveryOrders: DeliveryOrderStore = {
  async insert(tx, o) {
    await tx.query(
      `insert into delivery_orders (id, status, items, payment_status, payment_attempt, card_token, authorization_id, decline_reason, paid_at,
         accepted_at, cooking_started_at, ready_at, estimated_ready_at, closed_at, reject_reason, history, version, total,
         store_id, merchant_id, customer_id, delivery_address, delivery_lat, delivery_lng, placed_at)
       values ($1, $2, $3::jsonb, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16::jsonb, $17, $18, $19, $20, $21, $22, $23, $24, $25)`,
      [...PARAMS(o), o.storeId, o.merchantId, o.customerId, o.deliveryAddress, o.deliveryLocation.lat, o.deliveryLocation.lng, o.placedAt],
    );
  },

  async lock(tx, id) {
    const rows = await tx.query<DeliveryOrder>(`select ${COLUMNS} from delivery_orders where id = $1 for update`, [id]);
    return rows[0] ? fromRow(rows[0]) : null;
  },

  async byId(tx, id) {
    const rows = await tx.query<DeliveryOrder>(`select ${COLUMNS} from delivery_orders where id = $1`, [id]);
    return rows[0] ? fromRow(rows[0]) : null;
  },

  async save(tx, expectedVersion, o) {
    const rows = await tx.query(
      `update delivery_orders set status = $2, items = $3::jsonb, payment_status = $4, payment_attempt = $5, card_token = $6,
         authorization_id = $7, decline_reason = $8, paid_at = $9, accepted_at = $10, cooking_started_at = $11, ready_at = $12,
         estimated_ready_at = $13, closed_at = $14, reject_reason = $15, history = $16::jsonb, version = $17, total = $18
       where id = $1 and version = $19 returning 1`,
      [...PARAMS(o), expectedVersion],
    );
    return rows.length === 1;
  },

  async lockUnaccepted(tx, before, limit) {
    const rows = await tx.query<DeliveryOrder>(
      `select ${COLUMNS} from delivery_orders where status = 'PAID' and paid_at < $1 order by paid_at limit $2 for update skip locked`,
      [before, limit],
    );
    return rows.map(fromRow);
  },

  async awaitingPayment(tx, placedBefore, checkedBefore, limit) {
    const rows = await tx.query<DeliveryOrder>(
      `select ${COLUMNS} from delivery_orders
       where status = 'AWAITING_PAYMENT' and placed_at < $1 and (payment_checked_at is null or payment_checked_at < $2)
       order by coalesce(payment_checked_at, placed_at) limit $3`,
      [placedBefore, checkedBefore, limit],
    );
    return rows.map(fromRow);
  },

  async markPaymentChecked(tx, ids, now) {
    if (ids.length > 0) await tx.query('update delivery_orders set payment_checked_at = $2 where id = any($1::uuid[])', [ids, now]);
  },
};
