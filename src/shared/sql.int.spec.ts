import { Pool } from 'pg';
import { inTransaction } from './sql';

/** inTransaction sends BEGIN with the first statement and statements of one tick in one message. */
describe('inTransaction batching (real Postgres)', () => {
  let pool: Pool;
  const table = `h7_sql_batch_${process.pid}`;

  beforeAll(async () => {
    pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 2 });
    await pool.query(`create table if not exists ${table} (id int primary key, note text)`);
  });
  afterAll(async () => {
    await pool.query(`drop table if exists ${table}`);
    await pool.end();
  });
  beforeEach(() => pool.query(`truncate ${table}`));

  it('statements of one tick each get their own rows, in order, inside one transaction', async () => {
    const rows = await inTransaction(pool, async (sql) => {
      const a = sql.execute(`insert into ${table} values (?, ?) returning id, note`, [1, "it's"]);
      const b = sql.execute(`select count(*)::int as n, txid_current_if_assigned() is not null as tx from ${table}`);
      const c = sql.execute(`insert into ${table} values ($1, $2) returning note`, [2, 'back\\slash']);
      return Promise.all([a, b, c]);
    });
    expect(rows).toEqual([[{ id: 1, note: "it's" }], [{ n: 1, tx: true }], [{ note: 'back\\slash' }]]);
  });

  it('a failing statement rejects every statement of its batch (the transaction is aborted anyway), and everything rolls back', async () => {
    const outcome = await inTransaction(pool, async (sql) => {
      const first = sql.execute(`insert into ${table} values (?, 'kept?')`, [1]);
      const failing = sql.execute(`insert into ${table} values (?, 'dup')`, [1]);
      const after = sql.execute(`insert into ${table} values (?, 'never')`, [3]);
      const settled = await Promise.allSettled([first, failing, after]);
      throw Object.assign(new Error('roll back'), { settled });
    }).catch((err) => err.settled as PromiseSettledResult<unknown>[]);
    expect(outcome.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect((outcome[1] as PromiseRejectedResult).reason.code).toBe('23505');
    expect((await pool.query(`select count(*)::int as n from ${table}`)).rows[0].n).toBe(0);
  });

  it('sequential statements and binary parameters still work; a transaction without statements sends nothing', async () => {
    await inTransaction(pool, async (sql) => {
      await sql.execute(`insert into ${table} values (?, ?)`, [5, 'a']);
      await sql.execute(`update ${table} set note = encode(?::bytea, 'escape') where id = ?`, [Buffer.from('bin'), 5]);
    });
    expect((await pool.query(`select note from ${table} where id = 5`)).rows).toEqual([{ note: 'bin' }]);
    await expect(inTransaction(pool, async () => 'nothing')).resolves.toBe('nothing');
  });
});
