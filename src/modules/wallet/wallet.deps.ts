import type { WriteDeps } from '../../shared/write-deps';
import { pgWallets, type WalletStore } from './wallet.store';

/** The ports wallet's handlers run on (real stores in the app, in-memory fakes in unit specs). */
export interface WalletDeps extends WriteDeps {
  wallets: WalletStore;
}

export const walletDeps = (write: WriteDeps): WalletDeps => ({ ...write, wallets: pgWallets });
