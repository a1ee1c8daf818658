import { Pool } from 'pg';
import { PgTransactions, TransactionClosedError, type Tx } from './tx';

/** The one transaction port on real Postgres: pipelined, bound parameters, dead after its end. */
describe('PgTransactions (real Postgres)', () => {
  let pool: Pool;
  let transactions: PgTransactions;
  const table = `tx_spec_${process.pid}`;

  beforeAll(async () => {
    pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 1, pipeline: true });
    transactions = new PgTransactions(pool);
    await pool.query(`create table if not exists ${table} (id int primary key, note text)`);
  });
  afterAll(async () => {
    await pool.query(`drop table if exists ${table}`);
    await pool.end();
  });
  beforeEach(() => pool.query(`truncate ${table}`));

  const count = async () => (await pool.query(`select count(*)::int as n from ${table}`)).rows[0].n as number;

  it('statements issued together each get their own rows, in order, in one transaction, parameters bound', async () => {
    const rows = await transactions.withTransaction(async (tx) => {
      const a = tx.query(`insert into ${table} values ($1, $2) returning id, note`, [1, "it's; drop table x --"]);
      const b = tx.query(`select count(*)::int as n, txid_current_if_assigned() is not null as tx from ${table}`);
      const c = tx.query(`insert into ${table} values ($1, $2) returning note`, [2, 'nul-free \\ text']);
      return Promise.all([a, b, c]);
    });
    expect(rows).toEqual([[{ id: 1, note: "it's; drop table x --" }], [{ n: 1, tx: true }], [{ note: 'nul-free \\ text' }]]);
    expect(await count()).toBe(2);
  });

  it('a late statement of a finished transaction rejects loudly and never joins the next transaction on that connection', async () => {
    let leaked: Tx | undefined;
    await transactions.withTransaction(async (tx) => {
      leaked = tx;
      await tx.query(`insert into ${table} values (1, 'first request')`);
    });
    // The pool has one connection: the next transaction gets the same one.
    const late = await transactions.withTransaction(async (tx) => {
      const outcome = leaked!.query(`insert into ${table} values (2, 'late statement')`).then(() => 'ran', (err) => err);
      await tx.query(`insert into ${table} values (3, 'second request')`);
      throw Object.assign(new Error('second request rolls back'), { outcome: await outcome });
    }).catch((err) => err.outcome);
    expect(late).toBeInstanceOf(TransactionClosedError);
    expect((await pool.query(`select id from ${table} order by id`)).rows).toEqual([{ id: 1 }]);
  });

  it('an un-awaited statement that fails makes the commit fail: nothing is half-written', async () => {
    const outcome = await transactions.withTransaction(async (tx) => {
      await tx.query(`insert into ${table} values (1, 'a')`);
      void tx.query(`insert into ${table} values (1, 'duplicate')`); // nobody awaits it
      return 'returned';
    }).catch((err: Error) => err.message);
    expect(outcome).toMatch(/duplicate key/);
    expect(await count()).toBe(0);
  });

  it('an un-awaited last write still commits with the transaction', async () => {
    await transactions.withTransaction(async (tx) => {
      await tx.query(`insert into ${table} values (1, 'a')`);
      void tx.query(`insert into ${table} values (2, 'b')`);
    });
    expect(await count()).toBe(2);
  });

  it('a throw rolls back every statement, and the connection is usable afterwards', async () => {
    await expect(transactions.withTransaction(async (tx) => {
      await tx.query(`insert into ${table} values (1, 'a')`);
      throw new Error('decided no');
    })).rejects.toThrow('decided no');
    expect(await count()).toBe(0);
    await transactions.withTransaction((tx) => tx.query(`insert into ${table} values (5, 'again')`));
    expect(await count()).toBe(1);
  });

  it('a transaction that runs no statement sends nothing and does not call afterCommit', async () => {
    const afterCommit = jest.fn();
    const quiet = new PgTransactions(pool, { afterCommit });
    expect(await quiet.withTransaction(async () => 42)).toBe(42);
    expect(afterCommit).not.toHaveBeenCalled();
    await quiet.withTransaction((tx) => tx.query('select 1'));
    expect(afterCommit).toHaveBeenCalledTimes(1);
  });

  it('afterBegin statements run inside the transaction; readOnlySnapshot refuses writes', async () => {
    const tagged = new PgTransactions(pool, { afterBegin: "set local application_name = 'tx-spec'" });
    const [row] = await tagged.withTransaction((tx) => tx.query<{ name: string }>("select current_setting('application_name') as name"));
    expect(row.name).toBe('tx-spec');
    await expect(transactions.withTransaction((tx) => tx.query(`insert into ${table} values (1, 'a')`), { readOnlySnapshot: true }))
      .rejects.toThrow(/read-only/);
  });
});
