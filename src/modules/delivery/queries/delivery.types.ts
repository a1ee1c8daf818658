import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { IsInt, IsLatitude, IsLongitude, Matches, Max, Min } from 'class-validator';
import { UserError } from '../../../graphql/user-error.type';
import { DELIVERY_ORDER_STATUSES, PAYMENT_STATUSES, type DeliveryOrder } from '../domain/delivery-order';
import { isOpenAt, type MenuItem, type OpeningWindow, type Store } from '../domain/store';
import type { LatLng } from '../domain/geo';

/** GraphQL enums made from the domain's lists (one source of truth for the statuses). */
const enumOf = <T extends string>(values: readonly T[]) => Object.fromEntries(values.map((v) => [v, v])) as { [K in T]: K };
export const DeliveryOrderStatus = enumOf(DELIVERY_ORDER_STATUSES);
registerEnumType(DeliveryOrderStatus, { name: 'DeliveryOrderStatus' });
export const DeliveryPaymentStatus = enumOf(PAYMENT_STATUSES);
registerEnumType(DeliveryPaymentStatus, { name: 'DeliveryPaymentStatus', description: 'PENDING: not asked yet, or asked with no definite answer (it is being settled)' });

@InputType('LocationInput')
export class LocationInput implements LatLng {
  @Field(() => Float) @IsLatitude({ message: 'lat must be between -90 and 90' }) lat!: number;
  @Field(() => Float) @IsLongitude({ message: 'lng must be between -180 and 180' }) lng!: number;
}

@ObjectType('Location')
export class LocationType {
  @Field(() => Float) lat!: number;
  @Field(() => Float) lng!: number;
}

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;
@InputType('OpeningWindowInput')
export class OpeningWindowInput implements OpeningWindow {
  @Field(() => Int, { description: '0 = Sunday … 6 = Saturday' }) @IsInt() @Min(0) @Max(6) dayOfWeek!: number;
  @Field({ description: '"HH:MM", store local time (KST)' }) @Matches(HHMM, { message: 'opensAt must be HH:MM' }) opensAt!: string;
  @Field({ description: '"HH:MM"; at or before opensAt runs past midnight' }) @Matches(HHMM, { message: 'closesAt must be HH:MM' }) closesAt!: string;
}

@ObjectType('OpeningWindow')
export class OpeningWindowType {
  @Field(() => Int) dayOfWeek!: number;
  @Field() opensAt!: string;
  @Field() closesAt!: string;
}

@ObjectType('MenuItem')
export class MenuItemType {
  @Field(() => ID) id!: string;
  @Field(() => ID) storeId!: string;
  @Field() name!: string;
  @Field() description!: string;
  @Field(() => Int, { description: 'KRW' }) price!: number;
  @Field() available!: boolean;
  @Field(() => Int) version!: number;

  static from(m: MenuItem): MenuItemType {
    return Object.assign(new MenuItemType(), { id: m.id, storeId: m.storeId, name: m.name, description: m.description, price: m.price, available: m.available, version: m.version });
  }
}

@ObjectType('Store')
export class StoreType {
  @Field(() => ID) id!: string;
  @Field() name!: string;
  @Field() description!: string;
  @Field() address!: string;
  @Field(() => LocationType) location!: LocationType;
  @Field(() => Float) deliveryRadiusKm!: number;
  @Field(() => [OpeningWindowType]) openingHours!: OpeningWindowType[];
  @Field({ description: 'Within its opening hours now (KST)' }) isOpen!: boolean;
  @Field(() => [MenuItemType]) menu!: MenuItemType[];
  @Field(() => Float, { nullable: true, description: 'From the point asked about in stores(near:)' }) distanceKm!: number | null;

  static from(s: Omit<Store, 'createdAt' | 'version'>, menu: MenuItem[], now: Date, distanceKm: number | null = null): StoreType {
    return Object.assign(new StoreType(), {
      id: s.id, name: s.name, description: s.description, address: s.address, location: s.location, deliveryRadiusKm: s.deliveryRadiusKm,
      openingHours: s.openingHours, isOpen: isOpenAt(s.openingHours, now), menu: menu.map(MenuItemType.from), distanceKm,
    });
  }
}

@ObjectType('DeliveryOrderItem')
export class DeliveryOrderItemType {
  @Field(() => ID) menuItem!: string;
  @Field({ description: 'The name when ordered' }) name!: string;
  @Field(() => Int) quantity!: number;
  @Field(() => Int, { description: 'KRW when ordered' }) unitPrice!: number;
  @Field(() => Int) lineTotal!: number;
}

@ObjectType('DeliveryPayment')
export class DeliveryPaymentType {
  @Field(() => DeliveryPaymentStatus) status!: string;
  @Field(() => String, { nullable: true, description: 'card_declined | insufficient_funds after a decline' }) declineReason!: string | null;
}

@ObjectType('DeliveryStatusChange')
export class DeliveryStatusChangeType {
  @Field(() => DeliveryOrderStatus) status!: string;
  @Field() at!: Date;
}

@ObjectType('DeliveryStoreRef')
export class DeliveryStoreRefType {
  @Field(() => ID) id!: string;
}

@ObjectType('DeliveryCustomer')
export class DeliveryCustomerType {
  @Field(() => ID) id!: string;
}

const date = (iso: string | null) => (iso === null ? null : new Date(iso));

@ObjectType('DeliveryOrder')
export class DeliveryOrderType {
  @Field(() => ID) id!: string;
  @Field(() => DeliveryOrderStatus) status!: string;
  @Field(() => DeliveryStoreRefType) store!: DeliveryStoreRefType;
  @Field(() => DeliveryCustomerType) customer!: DeliveryCustomerType;
  @Field(() => [DeliveryOrderItemType]) items!: DeliveryOrderItemType[];
  @Field(() => Int, { description: 'KRW, priced from the menu when ordered' }) total!: number;
  @Field() deliveryAddress!: string;
  @Field(() => LocationType) deliveryLocation!: LocationType;
  @Field(() => DeliveryPaymentType) payment!: DeliveryPaymentType;
  @Field() placedAt!: Date;
  @Field(() => Date, { nullable: true }) paidAt!: Date | null;
  @Field(() => Date, { nullable: true }) acceptedAt!: Date | null;
  @Field(() => Date, { nullable: true }) cookingStartedAt!: Date | null;
  @Field(() => Date, { nullable: true }) readyAt!: Date | null;
  @Field(() => Date, { nullable: true }) estimatedReadyAt!: Date | null;
  @Field(() => String, { nullable: true }) rejectReason!: string | null;
  @Field(() => [DeliveryStatusChangeType]) history!: DeliveryStatusChangeType[];
  @Field(() => Int, { description: 'Rises with every change' }) version!: number;

  static from(o: DeliveryOrder): DeliveryOrderType {
    return Object.assign(new DeliveryOrderType(), {
      id: o.id, status: o.status, store: { id: o.storeId }, customer: { id: o.customerId },
      items: o.items.map((l) => ({ menuItem: l.menuItemId, name: l.name, quantity: l.quantity, unitPrice: l.unitPrice, lineTotal: l.lineTotal })),
      total: o.total, deliveryAddress: o.deliveryAddress, deliveryLocation: o.deliveryLocation,
      payment: { status: o.payment.status, declineReason: o.payment.declineReason }, placedAt: new Date(o.placedAt), paidAt: date(o.paidAt),
      acceptedAt: date(o.acceptedAt), cookingStartedAt: date(o.cookingStartedAt), readyAt: date(o.readyAt), estimatedReadyAt: date(o.estimatedReadyAt),
      rejectReason: o.rejectReason, history: o.history.map((h) => ({ status: h.status, at: new Date(h.at) })), version: o.version,
    });
  }
}

@ObjectType()
export class StorePayload {
  @Field(() => StoreType, { nullable: true }) store!: StoreType | null;
  @Field(() => [UserError]) userErrors!: UserError[];
}

@ObjectType()
export class MenuItemPayload {
  @Field(() => MenuItemType, { nullable: true }) menuItem!: MenuItemType | null;
  @Field(() => [UserError]) userErrors!: UserError[];
}

@ObjectType()
export class DeliveryOrderPayload {
  @Field(() => DeliveryOrderType, { nullable: true, description: 'Also set with CARD_DECLINED and PAYMENT_TEMPORARILY_UNAVAILABLE: the order exists' })
  order!: DeliveryOrderType | null;
  @Field(() => Int, { nullable: true, description: 'With PAYMENT_TEMPORARILY_UNAVAILABLE: call retryDeliveryPayment after this many seconds' })
  retryAfterSeconds!: number | null;
  @Field(() => [UserError]) userErrors!: UserError[];
}
