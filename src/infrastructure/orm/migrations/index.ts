import { Migration0001Foundation } from './0001-foundation';
import { Migration0002Commerce } from './0002-commerce';
import { Migration0003Exports } from './0003-exports';
import { Migration0004Coupons } from './0004-coupons';
import { Migration0005Popular } from './0005-popular';
import { Migration0006OutboxWakeup } from './0006-outbox-wakeup';
import { Migration0007OrderPaymentId } from './0007-order-payment-id';

export const migrationsList = [
  { name: '0001-foundation', class: Migration0001Foundation },
  { name: '0002-commerce', class: Migration0002Commerce },
  { name: '0003-exports', class: Migration0003Exports },
  { name: '0004-coupons', class: Migration0004Coupons },
  { name: '0005-popular', class: Migration0005Popular },
  { name: '0006-outbox-wakeup', class: Migration0006OutboxWakeup },
  { name: '0007-order-payment-id', class: Migration0007OrderPaymentId },
];
