import { Migration } from '@mikro-orm/migrations';

/**
 * The outbox trigger notifies only when the statement inserted rows, and not at all in a
 * transaction that announces its rows itself after commit (stampede.outbox_wakeup =
 * 'after-commit', see outbox-wakeup.ts): a NOTIFY inside a transaction serializes its commit
 * with every other notifying commit, WAL flush included.
 */
export class Migration0006OutboxWakeup extends Migration {
  async up(): Promise<void> {
    this.addSql(`
      create or replace function outbox_notify() returns trigger language plpgsql as $$
      begin
        if coalesce(current_setting('stampede.outbox_wakeup', true), '') <> 'after-commit'
           and exists (select 1 from inserted) then
          perform pg_notify('outbox', '');
        end if;
        return null;
      end $$;
      drop trigger outbox_notify on outbox;
      create trigger outbox_notify after insert on outbox
        referencing new table as inserted
        for each statement execute function outbox_notify();
    `);
  }
}
