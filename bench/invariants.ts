import type { Pool } from 'pg';
import type { SeededProduct } from './seed';

/** One checked invariant: the bench exits non-zero if any is not ok. */
export interface Check {
  name: string;
  ok: boolean;
  detail: string;
}

export async function tableExists(pool: Pool, table: string): Promise<boolean> {
  const { rows } = await pool.query('select to_regclass($1) as t', [table]);
  return rows[0].t !== null;
}

/**
 * Stock never below zero and equal to the initial stock minus what open or paid orders hold
 * (PENDING holds, PAID sold; CANCELLED and EXPIRED gave theirs back).
 */
export async function checkStock(pool: Pool, products: SeededProduct[], label: string): Promise<Check> {
  const { rows } = await pool.query<{ id: string; available: number; taken: string }>(
    `select s.product_id as id, s.available,
            coalesce((select sum(oi.quantity) from order_items oi join orders o on o.id = oi.order_id
                      where oi.product_id = s.product_id and o.status in ('PENDING','PAID')), 0) as taken
     from stock s where s.product_id = any($1::uuid[])`,
    [products.map((p) => p.id)],
  );
  const initial = new Map(products.map((p) => [p.id, p.stock]));
  const bad = rows.filter((r) => r.available < 0 || r.available !== initial.get(r.id)! - Number(r.taken));
  const negative = rows.filter((r) => r.available < 0).length;
  const sold = rows.reduce((n, r) => n + Number(r.taken), 0);
  return {
    name: `${label}: stock ≥ 0 and = initial − sold`,
    ok: bad.length === 0 && rows.length === products.length,
    detail: bad.length === 0
      ? `${products.length} products, ${sold} units sold or held, none negative`
      : `${bad.length} products off (${negative} negative), e.g. ${JSON.stringify(bad[0])} initial ${initial.get(bad[0].id)}`,
  };
}

/**
 * Money conserved: balances + paid totals − refunds = charges, the balance equals the ledger,
 * and each paid order has exactly one payment of its total.
 */
export async function checkMoney(pool: Pool, chargedTotal: number): Promise<Check> {
  const { rows: [m] } = await pool.query(`
    select (select coalesce(sum(balance), 0) from wallets) as balances,
           (select coalesce(sum(amount), 0) from wallet_transactions) as ledger,
           (select coalesce(sum(amount), 0) from wallet_transactions where type = 'CHARGE') as charges,
           (select coalesce(-sum(amount), 0) from wallet_transactions where type = 'PAYMENT') as payments,
           (select coalesce(sum(amount), 0) from wallet_transactions where type = 'REFUND') as refunds,
           (select coalesce(sum(total), 0) from orders where paid_at is not null) as paid_totals,
           (select count(*) from orders o where paid_at is not null and not exists (
              select 1 from wallet_transactions t where t.order_id = o.id and t.type = 'PAYMENT' and -t.amount = o.total)) as unpaid_paid`);
  const n = (k: string) => Number(m[k]);
  const problems: string[] = [];
  if (n('balances') !== n('ledger')) problems.push(`balances ${n('balances')} ≠ ledger ${n('ledger')}`);
  if (n('charges') !== chargedTotal) problems.push(`charges ${n('charges')} ≠ seeded ${chargedTotal}`);
  if (n('payments') !== n('paid_totals')) problems.push(`payments ${n('payments')} ≠ paid order totals ${n('paid_totals')}`);
  if (n('balances') + n('payments') - n('refunds') !== n('charges')) {
    problems.push(`balances + payments − refunds = ${n('balances') + n('payments') - n('refunds')} ≠ charges ${n('charges')}`);
  }
  if (n('unpaid_paid') > 0) problems.push(`${n('unpaid_paid')} paid orders without a matching payment`);
  return {
    name: 'money conserved',
    ok: problems.length === 0,
    detail: problems.length === 0
      ? `charges ${n('charges')} = balances ${n('balances')} + payments ${n('payments')} − refunds ${n('refunds')}`
      : problems.join('; '),
  };
}

/** Coupons issued = the campaign's limit (demand exceeded it), at most one per user, counter = rows. */
export async function checkCoupons(pool: Pool, campaignId: string, limit: number): Promise<Check> {
  const { rows: [c] } = await pool.query(
    `select count(*)::int as coupons, count(distinct user_id)::int as users,
            (select issued_quantity from coupon_campaigns where id = $1) as counter
     from coupons where campaign_id = $1`,
    [campaignId],
  );
  const ok = c.coupons === limit && c.users === c.coupons && c.counter === c.coupons;
  return {
    name: 'coupons issued = limit, ≤ 1 per user',
    ok,
    detail: `limit ${limit}, coupons ${c.coupons}, distinct users ${c.users}, campaign counter ${c.counter}`,
  };
}

/**
 * The read model equals a recomputation from the write model once the pipeline settles:
 * outbox drained and product_read.stock = stock.available for every product.
 */
export async function checkReadModel(pool: Pool, timeoutMs = 60_000): Promise<Check> {
  const started = Date.now();
  let last = { unpublished: 0, mismatched: 0, missing: 0 };
  for (;;) {
    const { rows: [r] } = await pool.query(`
      select (select count(*) from outbox where published_at is null)::int as unpublished,
             (select count(*) from stock s join product_read p on p.id = s.product_id where p.stock <> s.available)::int as mismatched,
             (select count(*) from stock s left join product_read p on p.id = s.product_id where p.id is null)::int as missing`);
    last = r;
    if (r.unpublished === 0 && r.mismatched === 0 && r.missing === 0) {
      return { name: 'product_read.stock = stock.available', ok: true, detail: `settled in ${((Date.now() - started) / 1000).toFixed(1)} s` };
    }
    if (Date.now() - started > timeoutMs) {
      return {
        name: 'product_read.stock = stock.available',
        ok: false,
        detail: `not settled after ${timeoutMs / 1000} s: ${last.unpublished} unpublished outbox rows, ${last.mismatched} stock mismatches, ${last.missing} missing rows`,
      };
    }
    await new Promise((res) => setTimeout(res, 200));
  }
}

/** Popular products' per-day buckets summed per product = a GROUP BY over paid orders, once settled. */
export async function checkPopular(pool: Pool, timeoutMs = 30_000): Promise<Check> {
  const started = Date.now();
  for (;;) {
    const { rows: [r] } = await pool.query(`
      with expected as (
        select oi.product_id, sum(oi.quantity)::bigint as q from order_items oi join orders o on o.id = oi.order_id
        where o.status = 'PAID' group by oi.product_id
      ), actual as (
        select product_id, sum(sold_quantity)::bigint as q from popular_daily group by product_id having sum(sold_quantity) <> 0
      )
      select count(*)::int as off, (select count(*)::int from expected) as products
      from expected full join actual using (product_id) where expected.q is distinct from actual.q`);
    if (r.off === 0) {
      return { name: 'popular_daily = GROUP BY paid orders', ok: true, detail: `${r.products} products ranked, settled in ${((Date.now() - started) / 1000).toFixed(1)} s` };
    }
    if (Date.now() - started > timeoutMs) {
      return { name: 'popular_daily = GROUP BY paid orders', ok: false, detail: `${r.off} products differ after ${timeoutMs / 1000} s` };
    }
    await new Promise((res) => setTimeout(res, 200));
  }
}
