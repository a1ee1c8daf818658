import type { Tx } from '../../../src/shared/tx';
import type { WalletTransactionKind } from '../../../src/modules/wallet/domain/wallet-limits';
import type { LedgerEntry, WalletState, WalletStore } from '../../../src/modules/wallet/wallet.store';
import { statement, type Participant } from './fake-transactions';

const INT_MAX = 2_147_483_647;

export interface FakeLedgerRow {
  id: string;
  userId: string;
  type: WalletTransactionKind;
  /** Signed: CHARGE and REFUND add, PAYMENT subtracts. */
  amount: number;
  balanceAfter: number;
  orderId: string | null;
  createdAt: Date;
}

interface WalletRow extends WalletState {
  updatedAt: Date;
}

/**
 * `wallets` + `wallet_transactions` in memory, with the conditional updates of pgWallets (credit
 * under a ceiling, debit only when balance >= amount, a ledger row only when the change applied)
 * and the ledger's constraints (sign per type, order id on PAYMENT/REFUND, one PAYMENT and one
 * REFUND per order), which fail the statement like Postgres does.
 */
export class FakeWallets implements WalletStore, Participant {
  readonly wallets = new Map<string, WalletRow>();
  readonly ledger: FakeLedgerRow[] = [];

  credit(tx: Tx, type: 'CHARGE' | 'REFUND', entry: LedgerEntry, ceiling = INT_MAX): Promise<WalletState | null> {
    return statement(tx, 'wallets.credit', () => {
      const row = this.wallets.get(entry.userId);
      let next: WalletRow;
      if (!row) {
        // pgWallets inserts a new wallet without the ceiling check (only the ON CONFLICT update has it).
        next = { balance: entry.amount, version: 1, updatedAt: new Date(entry.now) };
      } else {
        if (row.balance + entry.amount > ceiling) return null;
        next = { balance: row.balance + entry.amount, version: row.version + 1, updatedAt: new Date(entry.now) };
      }
      this.checkBalance(next.balance);
      this.addLedger(type, entry, entry.amount, next.balance);
      this.wallets.set(entry.userId, next);
      return { balance: next.balance, version: next.version };
    });
  }

  debit(tx: Tx, entry: LedgerEntry): Promise<WalletState | null> {
    return statement(tx, 'wallets.debit', () => {
      const row = this.wallets.get(entry.userId);
      if (entry.amount === 0) {
        // Nothing to take: no change, still a payment record (at version 0 without a wallet).
        const state = { balance: row?.balance ?? 0, version: row?.version ?? 0 };
        this.addLedger('PAYMENT', entry, 0, state.balance);
        return state;
      }
      if (!row || !(row.balance >= entry.amount)) return null;
      const next = { balance: row.balance - entry.amount, version: row.version + 1, updatedAt: new Date(entry.now) };
      this.checkBalance(next.balance);
      this.addLedger('PAYMENT', entry, -entry.amount, next.balance);
      this.wallets.set(entry.userId, next);
      return { balance: next.balance, version: next.version };
    });
  }

  balance(tx: Tx, userId: string): Promise<number> {
    return statement(tx, 'wallets.balance', () => this.wallets.get(userId)?.balance ?? 0);
  }

  /** Given: a wallet as if charged earlier (no transaction, no ledger row). */
  seed(userId: string, balance: number, version = 1): this {
    this.wallets.set(userId, { balance, version, updatedAt: new Date('2026-01-01T00:00:00.000Z') });
    return this;
  }

  /** The committed balance (undefined without a wallet), for assertions. */
  balanceOf(userId: string): number | undefined {
    return this.wallets.get(userId)?.balance;
  }

  ledgerOf(userId: string): FakeLedgerRow[] {
    return this.ledger.filter((r) => r.userId === userId);
  }

  private checkBalance(balance: number): void {
    if (balance < 0) throw new Error('new row for relation "wallets" violates check constraint "wallets_balance_check"');
    if (balance > INT_MAX) throw new Error('integer out of range');
  }

  private addLedger(type: WalletTransactionKind, entry: LedgerEntry, signed: number, balanceAfter: number): void {
    const violates = (name: string) => new Error(`wallet_transactions violates constraint "${name}"`);
    if (this.ledger.some((r) => r.id === entry.transactionId)) throw violates('wallet_transactions_pkey');
    if (type === 'PAYMENT' ? signed > 0 : type === 'CHARGE' ? signed <= 0 : signed < 0) throw violates('wallet_transactions_sign');
    if (type !== 'CHARGE' && entry.orderId === null) throw violates('wallet_transactions_order');
    if (type !== 'CHARGE' && this.ledger.some((r) => r.type === type && r.orderId === entry.orderId)) {
      throw violates(type === 'PAYMENT' ? 'wallet_transactions_one_payment' : 'wallet_transactions_one_refund');
    }
    if (balanceAfter < 0) throw violates('wallet_transactions_balance_after_check');
    this.ledger.push({
      id: entry.transactionId, userId: entry.userId, type, amount: signed === 0 ? 0 : signed, balanceAfter, orderId: entry.orderId,
      createdAt: new Date(entry.now),
    });
  }

  snapshot(): unknown {
    return structuredClone({ wallets: this.wallets, ledger: this.ledger });
  }

  restore(saved: unknown): void {
    const { wallets, ledger } = saved as { wallets: Map<string, WalletRow>; ledger: FakeLedgerRow[] };
    this.wallets.clear();
    for (const [k, v] of wallets) this.wallets.set(k, v);
    this.ledger.splice(0, this.ledger.length, ...ledger);
  }
}
