import type { Tx } from '../../../src/shared/tx';
import type { MenuItem, Store } from '../../../src/modules/delivery/domain/store';
import type { DeliveryOrder } from '../../../src/modules/delivery/domain/delivery-order';
import type { StoreStore } from '../../../src/modules/delivery/stores/store.store';
import type { DeliveryOrderStore } from '../../../src/modules/delivery/stores/delivery-order.store';
import type { PaymentStep, PaymentStepStore, StepId } from '../../../src/modules/delivery/stores/payment-step.store';
import type { DeliveryDeps } from '../../../src/modules/delivery/delivery.deps';
import {
  PaymentOutcomeUnknown, PaymentUnavailable, type AuthorizationAnswer, type BreakerState, type GatewayRecord, type PaymentGateway,
} from '../../../src/modules/delivery/payments/payment-gateway';
import { mapParticipant, statement, type Participant } from './fake-transactions';
import type { FakeWorld } from './world';

/** delivery_stores and delivery_menu_items in memory. */
export class FakeStores implements StoreStore, Participant {
  readonly stores = new Map<string, Store>();
  readonly items = new Map<string, MenuItem>();
  private readonly saved = [mapParticipant(this.stores), mapParticipant(this.items)];

  insert(tx: Tx, s: Store) {
    return statement(tx, 'stores.insert', () => void this.stores.set(s.id, structuredClone(s)));
  }
  byId(tx: Tx, id: string) {
    return statement(tx, 'stores.byId', () => this.stores.get(id) ?? null);
  }
  insertMenuItem(tx: Tx, m: MenuItem) {
    return statement(tx, 'stores.insertMenuItem', () => {
      if (!this.stores.has(m.storeId)) throw new Error('violates foreign key constraint (store_id)');
      this.items.set(m.id, structuredClone(m));
    });
  }
  lockMenuItem(tx: Tx, id: string) {
    return statement(tx, 'stores.lockMenuItem', () => {
      const m = this.items.get(id);
      return m ? { ...m, merchantId: this.stores.get(m.storeId)!.merchantId } : null;
    });
  }
  updateMenuItem(tx: Tx, expectedVersion: number, m: MenuItem) {
    return statement(tx, 'stores.updateMenuItem', () => {
      if (this.items.get(m.id)?.version !== expectedVersion) return false;
      this.items.set(m.id, structuredClone(m));
      return true;
    });
  }
  menuItems(tx: Tx, ids: readonly string[]) {
    return statement(tx, 'stores.menuItems', () => ids.map((id) => this.items.get(id)).filter((m): m is MenuItem => !!m));
  }
  snapshot() {
    return this.saved.map((p) => p.snapshot());
  }
  restore(s: unknown) {
    this.saved.forEach((p, i) => p.restore((s as unknown[])[i]));
  }
}

/** delivery_orders in memory; a transaction runs alone (FakeTransactions), so lock is a read. */
export class FakeDeliveryOrders implements DeliveryOrderStore, Participant {
  readonly rows = new Map<string, DeliveryOrder>();
  private readonly saved = mapParticipant(this.rows);

  insert(tx: Tx, o: DeliveryOrder) {
    return statement(tx, 'orders.insert', () => void this.rows.set(o.id, structuredClone(o)));
  }
  lock(tx: Tx, id: string) {
    return statement(tx, 'orders.lock', () => this.rows.get(id) ?? null);
  }
  byId(tx: Tx, id: string) {
    return statement(tx, 'orders.byId', () => this.rows.get(id) ?? null);
  }
  save(tx: Tx, expectedVersion: number, o: DeliveryOrder) {
    return statement(tx, 'orders.save', () => {
      if (this.rows.get(o.id)?.version !== expectedVersion) return false;
      this.rows.set(o.id, structuredClone(o));
      return true;
    });
  }
  lockUnaccepted(tx: Tx, before: Date, limit: number) {
    return statement(tx, 'orders.lockUnaccepted', () =>
      [...this.rows.values()].filter((o) => o.status === 'PAID' && new Date(o.paidAt!) < before).slice(0, limit));
  }
  /** payment_checked_at, kept beside the rows (it is not part of the domain's order). */
  readonly checkedAt = new Map<string, number>();
  awaitingPayment(tx: Tx, placedBefore: Date, checkedBefore: Date, limit: number) {
    const since = (o: DeliveryOrder) => this.checkedAt.get(o.id) ?? new Date(o.placedAt).getTime();
    return statement(tx, 'orders.awaitingPayment', () => [...this.rows.values()]
      .filter((o) => o.status === 'AWAITING_PAYMENT' && new Date(o.placedAt) < placedBefore && (this.checkedAt.get(o.id) ?? -Infinity) < checkedBefore.getTime())
      .sort((a, b) => since(a) - since(b)).slice(0, limit));
  }
  markPaymentChecked(tx: Tx, ids: readonly string[], now: Date) {
    return statement(tx, 'orders.markPaymentChecked', () => ids.forEach((id) => this.checkedAt.set(id, now.getTime())));
  }
  snapshot() {
    return this.saved.snapshot();
  }
  restore(s: unknown) {
    this.saved.restore(s);
  }
}

type StepRow = PaymentStep & { status: 'PENDING' | 'DONE' | 'NOTHING_TO_DO'; leasedUntil: number };
export class FakePaymentSteps implements PaymentStepStore, Participant {
  readonly rows = new Map<string, StepRow>();
  private readonly saved = mapParticipant(this.rows);
  private key = (s: StepId) => `${s.orderId}/${s.step}/${s.authorizationKey}`;

  owe(tx: Tx, s: Omit<PaymentStep, 'attempts'>) {
    return statement(tx, 'steps.owe', () => {
      if (this.rows.has(this.key(s))) return false;
      this.rows.set(this.key(s), { ...s, attempts: 0, status: 'PENDING', leasedUntil: 0 });
      return true;
    });
  }
  lease(tx: Tx, now: Date, leaseMs: number, limit: number) {
    return statement(tx, 'steps.lease', () => [...this.rows.values()]
      .filter((r) => r.status === 'PENDING' && r.leasedUntil < now.getTime()).slice(0, limit)
      .map((r) => {
        Object.assign(r, { leasedUntil: now.getTime() + leaseMs, attempts: r.attempts + 1 });
        const { status: _, leasedUntil: __, ...step } = r;
        return step;
      }));
  }
  finish(tx: Tx, step: StepId, outcome: 'DONE' | 'NOTHING_TO_DO') {
    return statement(tx, 'steps.finish', () => void Object.assign(this.rows.get(this.key(step))!, { status: outcome }));
  }
  failed(tx: Tx, step: StepId, _error: string, retryAt: Date) {
    return statement(tx, 'steps.failed', () => void Object.assign(this.rows.get(this.key(step))!, { leasedUntil: retryAt.getTime() }));
  }
  ofOrder(orderId: string) {
    return [...this.rows.values()].filter((r) => r.orderId === orderId);
  }
  snapshot() {
    return this.saved.snapshot();
  }
  restore(s: unknown) {
    this.saved.restore(s);
  }
}

/**
 * The gateway in memory, idempotent by key like the real one. `next` scripts how the next
 * authorizations behave: 'unavailable' (not sent), 'unknown' (taken, answer lost), 'lost'
 * (not taken, answer lost); tok_declined is declined.
 */
export class FakePaymentGateway implements PaymentGateway {
  readonly authorizations = new Map<string, { id: string; amount: number; status: string }>();
  readonly calls: Array<{ op: string; key: string }> = [];
  next: Array<'unavailable' | 'unknown' | 'lost'> = [];
  state: BreakerState = 'closed';
  private seq = 0;

  breakerState() {
    return this.state;
  }
  async authorize(request: { amount: number; cardToken: string }, key: string): Promise<AuthorizationAnswer> {
    const how = this.next.shift();
    if (how === 'unavailable') throw new PaymentUnavailable(7, 'breaker open');
    this.calls.push({ op: 'authorize', key });
    if (how === 'lost') throw new PaymentOutcomeUnknown('timeout');
    let auth = this.authorizations.get(key);
    if (!auth) {
      auth = { id: `auth_${++this.seq}`, amount: request.amount, status: request.cardToken === 'tok_declined' ? 'DECLINED' : 'AUTHORIZED' };
      this.authorizations.set(key, auth);
    }
    if (how === 'unknown') throw new PaymentOutcomeUnknown('timeout');
    return auth.status === 'DECLINED' ? { outcome: 'DECLINED', reason: 'card_declined' } : { outcome: 'AUTHORIZED', id: auth.id };
  }
  async findByKey(key: string): Promise<GatewayRecord | null> {
    this.calls.push({ op: 'lookup', key });
    const a = this.authorizations.get(key);
    return a ? { id: a.id, status: a.status } : null;
  }
  async capture(id: string, key: string) {
    return this.op('capture', id, key, 'CAPTURED');
  }
  async void(id: string, key: string) {
    return this.op('void', id, key, 'VOIDED');
  }
  async refund(id: string, _amount: number, key: string) {
    return this.op('refund', id, key, 'REFUNDED');
  }
  count(op: string) {
    return this.calls.filter((c) => c.op === op).length;
  }
  private op(op: string, id: string, key: string, status: string): GatewayRecord {
    this.calls.push({ op, key });
    const a = [...this.authorizations.values()].find((x) => x.id === id)!;
    a.status = status;
    return { id, status };
  }
}

export interface FakeDelivery {
  stores: FakeStores;
  orders: FakeDeliveryOrders;
  steps: FakePaymentSteps;
  gateway: FakePaymentGateway;
  deps: DeliveryDeps;
}

/** Delivery's fakes on a world's transactions (a rollback puts them back too). */
export function fakeDelivery(w: FakeWorld): FakeDelivery {
  const stores = new FakeStores();
  const orders = new FakeDeliveryOrders();
  const steps = new FakePaymentSteps();
  const gateway = new FakePaymentGateway();
  w.transactions.register(stores, orders, steps);
  return {
    stores, orders, steps, gateway,
    deps: { transactions: w.transactions, clock: w.clock, outbox: w.outbox, idempotency: w.idempotency, stores, orders, steps, gateway },
  };
}
