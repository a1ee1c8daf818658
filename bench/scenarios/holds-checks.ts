import type { Pool } from 'pg';
import type { Check } from '../invariants';

/**
 * After the hold storm and its payments, in Postgres (the write model, not the seat map):
 * - the SOLD seats are exactly the seats of PAID reservations, each in one of them (none sold
 *   twice), every seat sold, and no reservation left HELD;
 * - the wallet debits for this performance's reservations add up to the prices of its SOLD
 *   seats (and to the PAID totals), one debit per PAID reservation;
 * - every balance ≥ 0 and equal to the sum of its own ledger.
 */
export async function checkSeatSale(pool: Pool, performanceId: string, seatCount: number): Promise<Check[]> {
  const { rows: [s] } = await pool.query(`
    with paid as (select r.id, (e->>'number')::int as number from reservations r, jsonb_array_elements(r.seats) e
                  where r.performance_id = $1 and r.status = 'PAID')
    select (select count(*)::int from seats where performance_id = $1 and sold) as sold,
           (select count(*)::int from paid) as paid_seats,
           (select count(distinct number)::int from paid) as paid_distinct,
           (select count(*)::int from seats st where st.performance_id = $1 and st.sold
              and not exists (select 1 from paid p where p.id = st.reservation_id and p.number = st.number)) as sold_not_paid,
           (select count(*)::int from reservations where performance_id = $1 and status = 'HELD') as still_held,
           (select count(*)::int from reservations where performance_id = $1 and status = 'PAID') as paid_reservations`, [performanceId]);
  const seatsOk = s.sold === seatCount && s.paid_seats === s.sold && s.paid_distinct === s.paid_seats && s.sold_not_paid === 0 && s.still_held === 0;

  const { rows: [m] } = await pool.query(`
    select (select coalesce(-sum(t.amount), 0)::bigint from wallet_transactions t
              where t.type = 'PAYMENT' and t.order_id in (select id from reservations where performance_id = $1)) as debits,
           (select count(*)::int from wallet_transactions t
              where t.type = 'PAYMENT' and t.order_id in (select id from reservations where performance_id = $1)) as debit_rows,
           (select coalesce(sum(price), 0)::bigint from seats where performance_id = $1 and sold) as sold_prices,
           (select coalesce(sum(total), 0)::bigint from reservations where performance_id = $1 and status = 'PAID') as paid_totals`, [performanceId]);
  const moneyOk = Number(m.debits) === Number(m.sold_prices) && Number(m.paid_totals) === Number(m.sold_prices) && m.debit_rows === s.paid_reservations;

  const { rows: [w] } = await pool.query(`
    select count(*) filter (where w.balance < 0)::int as negative,
           count(*) filter (where w.balance <> coalesce(l.sum, 0))::int as off_ledger, count(*)::int as wallets
    from wallets w left join (select user_id, sum(amount) as sum from wallet_transactions group by user_id) l on l.user_id = w.user_id`);

  return [
    {
      name: `exactly the paid seats SOLD (${seatCount} of ${seatCount}), none sold twice`,
      ok: seatsOk,
      detail: `${s.sold} SOLD, ${s.paid_seats} seats in ${s.paid_reservations} PAID reservations (${s.paid_distinct} distinct), ${s.sold_not_paid} sold outside a PAID reservation, ${s.still_held} still HELD`,
    },
    {
      name: 'sum of debits = prices of SOLD seats',
      ok: moneyOk,
      detail: `debits ${m.debits} in ${m.debit_rows} rows, SOLD seat prices ${m.sold_prices}, PAID totals ${m.paid_totals}`,
    },
    {
      name: 'every balance ≥ 0 and = its ledger',
      ok: w.negative === 0 && w.off_ledger === 0,
      detail: `${w.wallets} wallets, ${w.negative} negative, ${w.off_ledger} off their ledger`,
    },
  ];
}
