import type { WriteDeps } from '../../shared/write-deps';
import { pgProducts, pgStock, type ProductStore, type StockStore } from '../catalog';
import { pgCouponUsage, type CouponUsageStore } from '../coupons';
import { pgWallets, type WalletStore } from '../wallet';
import type { QueueAdmission } from '../waiting-room';
import { pgOrders, type OrderStore } from './order.store';

/**
 * The ports ordering's handlers run on: its own orders, and the stores other modules offer
 * through their index.ts (real stores in the app, in-memory fakes in unit specs).
 */
export interface OrderingDeps extends WriteDeps {
  orders: OrderStore;
  products: Pick<ProductStore, 'prices'>;
  stock: StockStore;
  wallets: WalletStore;
  coupons: CouponUsageStore;
  /** The waiting room in front of gated products; null where none is wired (nothing gated). */
  admission: QueueAdmission | null;
}

export const orderingDeps = (write: WriteDeps, admission: QueueAdmission | null = null): OrderingDeps => ({
  ...write, orders: pgOrders, products: pgProducts, stock: pgStock, wallets: pgWallets, coupons: pgCouponUsage, admission,
});
