import { Migration0001Foundation } from './0001-foundation';
import { Migration0004Coupons } from './0004-coupons';

export const migrationsList = [
  { name: '0001-foundation', class: Migration0001Foundation },
  { name: '0004-coupons', class: Migration0004Coupons },
];
