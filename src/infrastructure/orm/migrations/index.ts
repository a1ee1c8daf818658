import { Migration0001Foundation } from './0001-foundation';

export const migrationsList = [{ name: '0001-foundation', class: Migration0001Foundation }];
