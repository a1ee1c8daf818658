import type { Pool, PoolClient } from 'pg';

/**
 * BEGIN … COMMIT on one pooled connection, for code that speaks raw pg (projections, the outbox
 * relay, exporters, scripts); any throw rolls back and is rethrown. A connection whose ROLLBACK
 * itself failed is destroyed rather than handed back to the pool mid-transaction.
 * `inTransaction` in sql.ts is the same for `Sql` ports, plus the outbox waker.
 */
export async function withClientTransaction<T>(pool: Pool, work: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken = false;
  try {
    await client.query('begin');
    const result = await work(client);
    await client.query('commit');
    return result;
  } catch (err) {
    await client.query('rollback').catch(() => {
      broken = true;
    });
    throw err;
  } finally {
    client.release(broken);
  }
}
