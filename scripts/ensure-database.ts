import { Client } from 'pg';

/** Creates the database DATABASE_URL names when it does not exist yet (fresh machines). */
export async function ensureDatabase(databaseUrl: string): Promise<boolean> {
  const url = new URL(databaseUrl);
  const name = decodeURIComponent(url.pathname.slice(1));
  const admin = new Client({ connectionString: Object.assign(new URL(url), { pathname: '/postgres' }).toString() });
  await admin.connect();
  try {
    const { rowCount } = await admin.query('select 1 from pg_database where datname = $1', [name]);
    if (rowCount) return false;
    await admin.query(`create database "${name.replace(/"/g, '""')}"`);
    return true;
  } finally {
    await admin.end();
  }
}
