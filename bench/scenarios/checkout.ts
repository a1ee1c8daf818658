import { classifyPayload } from '../load';
import type { Row } from '../report';
import { checkMoney, checkPopular, checkReadModel, checkStock, tableExists, type Check } from '../invariants';
import type { SeededProduct } from '../seed';
import { freshKey, meterStampede, outcomesNote, runOnAll, type BenchContext } from './context';

const checkoutQuery = (inputType: string) => `mutation Checkout($input: ${inputType}!) { checkout(input: $input) {
  order { id status total } payment { id amount } userErrors { code message field } } }`;

function skip(ctx: BenchContext, scenario: string, note: string): Row | undefined {
  const reason = ctx.features.missing({ mutations: ['checkout'] }) ?? (ctx.charged === 0 ? 'no wallet balances seeded (wallets table missing)' : undefined);
  return reason ? { scenario, rps: null, p50: null, p99: null, errors: null, ratio: null, note, skipped: reason } : undefined;
}

/** Every write scenario ends here: the pipeline settles, then stock, money, read model (and ranking). */
export async function writeInvariants(ctx: BenchContext, label: string, products: SeededProduct[]): Promise<Check[]> {
  const checks = [await checkReadModel(ctx.pool), await checkStock(ctx.pool, products, label)];
  if (ctx.charged > 0) checks.push(await checkMoney(ctx.pool, ctx.charged));
  if (await tableExists(ctx.pool, 'popular_daily')) checks.push(await checkPopular(ctx.pool));
  return checks;
}

/** One-item checkouts by random users over 1,000 products whose stock never runs out. */
export async function checkoutSpread(ctx: BenchContext): Promise<Row> {
  const scenario = 'checkout (1,000 products)';
  const note = 'target ≥ 1,000 orders/s, p99 ≤ 500 ms';
  const skipped = skip(ctx, scenario, note);
  if (skipped) return skipped;
  const query = checkoutQuery(ctx.features.inputType('checkout'));
  const { spread } = ctx.seeded;
  const users = ctx.seeded.users;
  let u = 0;
  const meter = meterStampede(ctx);
  const r = await runOnAll(ctx.stampede, {
    connections: ctx.config.connections,
    duration: ctx.config.duration,
    classify: classifyPayload('checkout'),
    connection: () => () => {
      const user = users[u++ % users.length];
      const product = spread[Math.floor(Math.random() * spread.length)];
      return {
        token: user.token,
        body: JSON.stringify({ query, variables: { input: { items: [{ productId: product.id, quantity: 1 }], idempotencyKey: freshKey('spread') } } }),
      };
    },
  });
  const ok = r.outcomes.ok ?? 0;
  const cpu = meter(r.requests);
  return {
    scenario, rps: r.rps, p50: r.p50, p99: r.p99, errors: r.errors, ratio: null,
    note: `${Math.round(ok / r.seconds).toLocaleString('en')} orders/s (${outcomesNote(r.outcomes)}); ${note}`,
    cpu,
    errorSamples: r.errorSamples,
    extra: { ordersPerSecond: ok / r.seconds, outcomes: r.outcomes },
    checks: await writeInvariants(ctx, 'spread', spread),
  };
}

/**
 * Everyone buys the same product until it is sold out. Orders/s = units sold ÷ time to the last
 * sale; zero oversell is checked against Postgres afterwards.
 */
export async function checkoutHot(ctx: BenchContext): Promise<Row> {
  const scenario = 'checkout (1 hot product)';
  const note = 'target ≥ 400 orders/s, zero oversell';
  const skipped = skip(ctx, scenario, note);
  if (skipped) return skipped;
  const query = checkoutQuery(ctx.features.inputType('checkout'));
  const { hot } = ctx.seeded;
  const users = ctx.seeded.users;
  let u = 0;
  let sold = 0;
  let soldOutAnswers = 0;
  const classify = classifyPayload('checkout');
  const meter = meterStampede(ctx);
  const r = await runOnAll(ctx.stampede, {
    connections: ctx.config.connections * 2,
    duration: Math.max(ctx.config.duration, 20),
    classify: (body) => {
      const outcome = classify(body);
      if (outcome === 'ok') sold++;
      if (outcome === 'OUT_OF_STOCK') soldOutAnswers++;
      return outcome;
    },
    // Stop once it is gone and the stragglers have been told so.
    stopWhen: () => sold >= hot.stock || soldOutAnswers >= 200,
    connection: () => () => {
      const user = users[u++ % users.length];
      return {
        token: user.token,
        body: JSON.stringify({ query, variables: { input: { items: [{ productId: hot.id, quantity: 1 }], idempotencyKey: freshKey('hot') } } }),
      };
    },
  });
  const cpu = meter(r.requests);
  const ordersPerSecond = sold / Math.max(r.lastOkSeconds, 0.001);
  const oversell: Check = {
    name: 'hot product: no oversell',
    ok: sold <= hot.stock,
    detail: `${sold} sold of ${hot.stock} (${sold >= hot.stock ? 'sold out' : 'not sold out in time'}) in ${r.lastOkSeconds.toFixed(2)} s`,
  };
  return {
    scenario, rps: r.rps, p50: r.p50, p99: r.p99, errors: r.errors, ratio: null,
    note: `${Math.round(ordersPerSecond).toLocaleString('en')} orders/s until sold out (${outcomesNote(r.outcomes)}); ${note}`,
    cpu,
    errorSamples: r.errorSamples,
    extra: { ordersPerSecond, sold, stock: hot.stock, outcomes: r.outcomes },
    checks: [oversell, ...(await writeInvariants(ctx, 'hot', [hot]))],
  };
}
