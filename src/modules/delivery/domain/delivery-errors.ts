import { ErrorCode, UserFacingError, userError, type UserErrorData } from '../../../shared/user-error';

/** The delivery module's userErrors codes (merged into the GraphQL ErrorCode enum). */
export const DeliveryErrorCode = {
  FORBIDDEN: 'FORBIDDEN',
  MULTIPLE_STORES: 'MULTIPLE_STORES',
  TOO_MANY_ITEMS: 'TOO_MANY_ITEMS',
  MENU_ITEM_UNAVAILABLE: 'MENU_ITEM_UNAVAILABLE',
  OUT_OF_DELIVERY_AREA: 'OUT_OF_DELIVERY_AREA',
  ORDER_STATE_CONFLICT: 'ORDER_STATE_CONFLICT',
  ORDER_ALREADY_COOKING: 'ORDER_ALREADY_COOKING',
  CARD_DECLINED: 'CARD_DECLINED',
  PAYMENT_TEMPORARILY_UNAVAILABLE: 'PAYMENT_TEMPORARILY_UNAVAILABLE',
} as const;
export type DeliveryErrorCodeName = keyof typeof DeliveryErrorCode;

export const deliveryError = (code: DeliveryErrorCodeName, message: string, field?: string[]): UserErrorData => userError(code, message, field);
const refuse = (code: DeliveryErrorCodeName, message: string, field?: string[]) => new UserFacingError([deliveryError(code, message, field)]);

export const storeNotFound = (field = ['input', 'storeId']) => new UserFacingError([userError(ErrorCode.NOT_FOUND, 'No such store', field)]);
export const menuItemNotFound = (field: string[]) => new UserFacingError([userError(ErrorCode.NOT_FOUND, 'No such menu item', field)]);
export const deliveryOrderNotFound = () => new UserFacingError([userError(ErrorCode.NOT_FOUND, 'No such delivery order', ['input', 'orderId'])]);
export const staleVersion = (current: number) =>
  new UserFacingError([userError(ErrorCode.CONFLICT, `Someone changed this item first (now version ${current}); reload and try again`, ['input', 'expectedVersion'])]);

export const notYourStore = (field = ['input', 'storeId']) => refuse('FORBIDDEN', 'Only the merchant of this store may do this', field);
export const notYourOrder = () => refuse('FORBIDDEN', "Only the store's merchant may do this to the order", ['input', 'orderId']);
export const tooManyItems = (max: number, count: number) => refuse('TOO_MANY_ITEMS', `At most ${max} menu items per order; this one has ${count}`, ['input', 'items']);
export const multipleStores = (index: number) =>
  refuse('MULTIPLE_STORES', 'Every item of an order must come from the store ordered from', ['input', 'items', String(index), 'menuItemId']);
export const menuItemUnavailable = (index: number, name: string) =>
  refuse('MENU_ITEM_UNAVAILABLE', `${name} is not available right now`, ['input', 'items', String(index), 'menuItemId']);
export const outOfDeliveryArea = (distanceKm: number, radiusKm: number) =>
  refuse('OUT_OF_DELIVERY_AREA', `The address is ${distanceKm.toFixed(1)} km away; this store delivers within ${radiusKm} km`, ['input', 'deliveryLocation']);
export const orderStateConflict = (status: string) =>
  refuse('ORDER_STATE_CONFLICT', `Not possible while the order is ${status}`, ['input', 'orderId']);
export const orderAlreadyCooking = (status: string) =>
  refuse('ORDER_ALREADY_COOKING', `The kitchen has started (the order is ${status}); it can no longer be changed or cancelled`, ['input', 'orderId']);
