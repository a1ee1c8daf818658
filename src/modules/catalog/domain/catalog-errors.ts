import { ErrorCode, UserFacingError, userError } from '../../../shared/user-error';
import { MAX_STOCK } from './product';

export const productNotFound = (field: string) => new UserFacingError([userError(ErrorCode.NOT_FOUND, 'No such product', ['input', field])]);

export const versionConflict = (actual: number) => new UserFacingError([userError(
  ErrorCode.CONFLICT, `The product changed meanwhile (now at version ${actual}); read it again`, ['input', 'expectedVersion'],
)]);

export const stockCeiling = () => new UserFacingError([userError(ErrorCode.BAD_USER_INPUT, `Stock cannot exceed ${MAX_STOCK} units`, ['input', 'quantity'])]);
