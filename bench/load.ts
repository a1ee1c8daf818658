import autocannon from 'autocannon';

/** What one response meant: 'ok', 'error' (GraphQL error, not a business answer), or a userErrors code. */
export type Outcome = string;

export interface NextRequest {
  body: string;
  token?: string;
}

export interface LoadSpec {
  url: string;
  connections: number;
  /** Seconds; the run also ends at `amount` requests or when `stopWhen` says so. */
  duration: number;
  amount?: number;
  /** Requests per second across all connections (open-loop pacing), when set. */
  overallRate?: number;
  /** Called once per connection; returns that connection's request generator. */
  connection: (index: number) => () => NextRequest;
  classify: (body: string) => Outcome;
  /** Told every outcome with the connection it came from. */
  onOutcome?: (connection: number, outcome: Outcome) => void;
  stopWhen?: (outcomes: Record<Outcome, number>) => boolean;
}

export interface LoadResult {
  seconds: number;
  requests: number;
  rps: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  /** Socket errors, timeouts, non-2xx and GraphQL errors. */
  errors: number;
  outcomes: Record<Outcome, number>;
  /** Time from the start to the last 'ok' outcome (for sell-out runs). */
  lastOkSeconds: number;
  /** A few distinct error answers (status and start of body), and socket-level error messages, to say what failed. */
  errorSamples: string[];
}

/**
 * Adds results up: requests, errors and outcomes sum; p50 is request-weighted, p90/p99/max the
 * worst part (an upper bound). `together`: the parts ran at the same time (against several API
 * processes), so the run lasted as long as the longest; otherwise one after another (rounds).
 */
export function mergeResults(parts: LoadResult[], together: boolean): LoadResult {
  const requests = parts.reduce((n, p) => n + p.requests, 0);
  const seconds = together ? Math.max(...parts.map((p) => p.seconds)) : parts.reduce((n, p) => n + p.seconds, 0);
  const outcomes: Record<Outcome, number> = {};
  for (const p of parts) for (const [k, v] of Object.entries(p.outcomes)) outcomes[k] = (outcomes[k] ?? 0) + v;
  return {
    seconds,
    requests,
    rps: requests / seconds,
    p50: parts.reduce((n, p) => n + p.p50 * p.requests, 0) / Math.max(1, requests),
    p90: Math.max(...parts.map((p) => p.p90)),
    p99: Math.max(...parts.map((p) => p.p99)),
    max: Math.max(...parts.map((p) => p.max)),
    errors: parts.reduce((n, p) => n + p.errors, 0),
    outcomes,
    lastOkSeconds: together ? Math.max(...parts.map((p) => p.lastOkSeconds)) : seconds,
    errorSamples: [...new Set(parts.flatMap((p) => p.errorSamples))].slice(0, 5),
  };
}

/** Read queries: any `errors` member is a failure; anything else is ok. Cheap enough not to load the generator. */
export const classifyRead = (body: string): Outcome => (body.includes('"errors"') ? 'error' : 'ok');

/** Mutations: GraphQL errors → 'error'; a payload's first userErrors code → that code; else 'ok'. */
export function classifyPayload(field: string) {
  return (body: string): Outcome => {
    try {
      const json = JSON.parse(body) as { data?: Record<string, { userErrors?: Array<{ code: string }> } | null>; errors?: unknown[] };
      if (json.errors?.length) return 'error';
      const payload = json.data?.[field];
      if (!payload) return 'error';
      return payload.userErrors?.[0]?.code ?? 'ok';
    } catch {
      return 'error';
    }
  };
}

export function runLoad(spec: LoadSpec): Promise<LoadResult> {
  const target = new URL(spec.url);
  const outcomes: Record<Outcome, number> = {};
  const started = process.hrtime.bigint();
  let lastOk = started;
  let clients = 0;
  let instance: autocannon.Instance | undefined;
  let stopped = false;
  const errorSamples = new Set<string>();
  const sample = (what: string) => {
    if (errorSamples.size < 5) errorSamples.add(what.slice(0, 300));
  };

  return new Promise((resolve, reject) => {
    instance = autocannon(
      {
        url: spec.url,
        connections: spec.connections,
        duration: spec.duration,
        amount: spec.amount,
        overallRate: spec.overallRate,
        timeout: 30,
        setupClient: (client) => {
          const index = clients++;
          const next = spec.connection(index);
          client.setRequests([{
            method: 'POST',
            path: target.pathname,
            setupRequest: (req) => {
              const { body, token } = next();
              const headers: Record<string, string> = { 'content-type': 'application/json' };
              if (token) headers.authorization = `Bearer ${token}`;
              return { ...req, method: 'POST', path: target.pathname, headers, body };
            },
            onResponse: (status, body) => {
              const outcome = status >= 200 && status < 300 ? spec.classify(body) : 'error';
              if (outcome === 'error') sample(`${status} ${body}`);
              outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
              if (outcome === 'ok') lastOk = process.hrtime.bigint();
              spec.onOutcome?.(index, outcome);
              if (!stopped && spec.stopWhen?.(outcomes)) {
                stopped = true;
                instance?.stop();
              }
            },
          }]);
        },
      },
      (err, result) => {
        if (err) return reject(err);
        if (result.timeouts > 0) sample(`${result.timeouts} requests timed out (30 s)`);
        if (result.errors > result.timeouts) sample(`${result.errors - result.timeouts} connection errors`);
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        const requests = result.requests.total;
        // Non-2xx responses and GraphQL errors are both counted in outcomes.error.
        const answeredWithError = outcomes.error ?? 0;
        resolve({
          seconds,
          requests,
          rps: requests / seconds,
          p50: result.latency.p50,
          p90: result.latency.p90,
          p99: result.latency.p99,
          max: result.latency.max,
          errors: result.errors + answeredWithError, // result.errors already counts timeouts
          outcomes,
          lastOkSeconds: Number(lastOk - started) / 1e9,
          errorSamples: [...errorSamples],
        });
      },
    );
    instance.on('reqError', (error) => sample(`socket: ${error.message}`));
  });
}
