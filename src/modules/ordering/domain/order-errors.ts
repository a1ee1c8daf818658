import { ErrorCode, UserFacingError, userError } from '../../../shared/user-error';

export const orderNotFound = () => new UserFacingError([userError(ErrorCode.NOT_FOUND, 'No such order', ['input', 'orderId'])]);

export const insufficientBalance = (total: number) =>
  new UserFacingError([userError(ErrorCode.INSUFFICIENT_BALANCE, `Your balance does not cover the total of ${total} won; charge points first`)]);

export const couponNotHeld = () => new UserFacingError([userError(
  ErrorCode.COUPON_NOT_USABLE, 'The coupon on this order is no longer held for it; cancel the order and place it again', ['input', 'orderId'],
)]);
