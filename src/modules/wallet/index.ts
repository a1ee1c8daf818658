import type { StampedeModule } from '../module';
import { ChargePointsResolver } from './commands/charge-points/charge-points.resolver';
import { WalletQueryResolver } from './queries/wallet.resolver';
import { WalletErrorCode } from './domain/wallet-errors';

/** What the wallet module offers the rest of the codebase. */
export { pgWallets, type WalletStore, type WalletState, type LedgerEntry } from './wallet.store';

const wallet: StampedeModule = {
  name: 'wallet',
  resolvers: [ChargePointsResolver, WalletQueryResolver],
  errorCodes: WalletErrorCode,
};
export { wallet as module };
