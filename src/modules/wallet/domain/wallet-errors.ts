import { ErrorCode, UserFacingError, userError } from '../../../shared/user-error';
import { MAX_BALANCE } from './wallet-limits';

export const balanceLimitExceeded = () => new UserFacingError([userError(
  ErrorCode.BALANCE_LIMIT_EXCEEDED, `A balance may not exceed ${MAX_BALANCE.toLocaleString('en')} won`, ['input', 'amount'],
)]);
