import { UserFacingError, userError } from '../../../shared/user-error';
import { MAX_BALANCE } from './wallet-limits';

/** The wallet module's userErrors codes (merged into the GraphQL ErrorCode enum). */
export const WalletErrorCode = {
  BALANCE_LIMIT_EXCEEDED: 'BALANCE_LIMIT_EXCEEDED',
} as const;

export const balanceLimitExceeded = () => new UserFacingError([userError(
  WalletErrorCode.BALANCE_LIMIT_EXCEEDED, `A balance may not exceed ${MAX_BALANCE.toLocaleString('en')} won`, ['input', 'amount'],
)]);
