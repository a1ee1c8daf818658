import type { QueueAdmission } from '../../../src/modules/waiting-room';
import type { CatalogDeps } from '../../../src/modules/catalog/catalog.deps';
import type { CouponsDeps } from '../../../src/modules/coupons/coupons.deps';
import type { IdentityDeps } from '../../../src/modules/identity/identity.deps';
import type { OrderingDeps } from '../../../src/modules/ordering/ordering.deps';
import type { WalletDeps } from '../../../src/modules/wallet/wallet.deps';
import type { RetryFailedExportsDeps } from '../../../src/modules/data-export/commands/retry-failed-exports/retry-failed-exports.handler';
import type { WriteDeps } from '../../../src/shared/write-deps';
import { FakeClock } from './fake-clock';
import { FakeOutbox } from './fake-outbox';
import { FakeIdempotency } from './fake-idempotency';
import { FakeProducts, FakeStock } from './fake-catalog';
import { FakeWallets } from './fake-wallets';
import { FakeOrders } from './fake-orders';
import { FakeCampaigns, FakeCouponIssuer, FakeCouponUsage } from './fake-coupons';
import { FakeUsers } from './fake-users';
import { FakeDataPlatform, FakeFailedExports } from './fake-data-export';
import { FakeTransactions } from './fake-transactions';

/**
 * Every fake store of the write side, sharing one FakeTransactions (so a rollback puts all of
 * them back) and one clock. Build a module's deps from it with the functions below.
 */
export interface FakeWorld {
  transactions: FakeTransactions;
  clock: FakeClock;
  outbox: FakeOutbox;
  idempotency: FakeIdempotency;
  products: FakeProducts;
  stock: FakeStock;
  wallets: FakeWallets;
  orders: FakeOrders;
  couponUsage: FakeCouponUsage;
  campaigns: FakeCampaigns;
  issuer: FakeCouponIssuer;
  users: FakeUsers;
  failedExports: FakeFailedExports;
  platform: FakeDataPlatform;
  /** A deep copy of everything transactions can write: compare two to prove nothing was written. */
  state(): unknown;
}

export function fakeWorld(start?: Date | string): FakeWorld {
  const clock = new FakeClock(start);
  const outbox = new FakeOutbox();
  const idempotency = new FakeIdempotency();
  const stock = new FakeStock();
  const products = new FakeProducts(stock);
  const wallets = new FakeWallets();
  const orders = new FakeOrders();
  const couponUsage = new FakeCouponUsage();
  const campaigns = new FakeCampaigns();
  const users = new FakeUsers();
  const participants = { outbox, idempotency, products, stock, wallets, orders, couponUsage, campaigns, users };
  const transactions = new FakeTransactions(Object.values(participants));
  const issuer = new FakeCouponIssuer(campaigns, couponUsage, { transactions, outbox });
  return {
    transactions, clock, ...participants, issuer, failedExports: new FakeFailedExports(), platform: new FakeDataPlatform(),
    state: () => Object.fromEntries(Object.entries(participants).map(([name, p]) => [name, p.snapshot()])),
  };
}

export const fakeWriteDeps = (w: FakeWorld): WriteDeps => ({
  transactions: w.transactions, clock: w.clock, outbox: w.outbox, idempotency: w.idempotency,
});

export const fakeCatalogDeps = (w: FakeWorld): CatalogDeps => ({ ...fakeWriteDeps(w), products: w.products, stock: w.stock });

export const fakeWalletDeps = (w: FakeWorld): WalletDeps => ({ ...fakeWriteDeps(w), wallets: w.wallets });

export const fakeOrderingDeps = (w: FakeWorld, admission: QueueAdmission | null = null): OrderingDeps => ({
  ...fakeWriteDeps(w), orders: w.orders, products: w.products, stock: w.stock, wallets: w.wallets, coupons: w.couponUsage, admission,
});

export const fakeCouponsDeps = (w: FakeWorld): CouponsDeps => ({ ...fakeWriteDeps(w), campaigns: w.campaigns, issuer: w.issuer });

export const fakeIdentityDeps = (w: FakeWorld): IdentityDeps => ({ transactions: w.transactions, clock: w.clock, users: w.users });

export const fakeDataExportDeps = (w: FakeWorld): RetryFailedExportsDeps => ({ failedExports: w.failedExports, platform: w.platform, clock: w.clock });
