/** What the wallet module offers the rest of the codebase. */
export { pgWallets, type WalletStore, type WalletState, type LedgerEntry } from './wallet.store';
