import { Migration } from '@mikro-orm/migrations';

/**
 * The order keeps the id of its payment (the wallet's PAYMENT ledger row) itself, so the
 * ordering module reads its aggregate without naming the wallet's tables.
 */
export class Migration0007OrderPaymentId extends Migration {
  async up(): Promise<void> {
    this.addSql(`
      alter table orders add column payment_id uuid;
      update orders o set payment_id = t.id from wallet_transactions t where t.order_id = o.id and t.type = 'PAYMENT';
    `);
  }
}
