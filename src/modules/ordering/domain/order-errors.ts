import { ErrorCode, UserFacingError, userError } from '../../../shared/user-error';

/**
 * The ordering module's userErrors codes (merged into the GraphQL ErrorCode enum). The wallet and
 * coupon refusals an order meets are ordering's to name: it decides them while placing or paying.
 */
export const OrderingErrorCode = {
  OUT_OF_STOCK: 'OUT_OF_STOCK',
  INSUFFICIENT_BALANCE: 'INSUFFICIENT_BALANCE',
  ORDER_NOT_PAYABLE: 'ORDER_NOT_PAYABLE',
  ORDER_EXPIRED: 'ORDER_EXPIRED',
  ORDER_NOT_CANCELLABLE: 'ORDER_NOT_CANCELLABLE',
  COUPON_NOT_USABLE: 'COUPON_NOT_USABLE',
  /** The total would pass MAX_ORDER_TOTAL. */
  ORDER_TOO_LARGE: 'ORDER_TOO_LARGE',
} as const;

export const orderNotFound = () => new UserFacingError([userError(ErrorCode.NOT_FOUND, 'No such order', ['input', 'orderId'])]);

export const insufficientBalance = (total: number) =>
  new UserFacingError([userError(OrderingErrorCode.INSUFFICIENT_BALANCE, `Your balance does not cover the total of ${total} won; charge points first`)]);

export const couponNotHeld = () => new UserFacingError([userError(
  OrderingErrorCode.COUPON_NOT_USABLE, 'The coupon on this order is no longer held for it; cancel the order and place it again', ['input', 'orderId'],
)]);
