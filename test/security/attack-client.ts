/** Raw GraphQL over HTTP, as a hostile client sends it (documents codegen would refuse). */
export interface RawResponse {
  status: number;
  body: { data?: Record<string, unknown> | null; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> };
  ms: number;
}

export async function rawQuery(url: string, query: string, variables?: Record<string, unknown>, token?: string): Promise<RawResponse> {
  return rawPost(url, JSON.stringify({ query, variables }), token);
}

export async function rawPost(url: string, body: string, token?: string, headers: Record<string, string> = {}): Promise<RawResponse> {
  const started = performance.now();
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
    body,
  });
  const text = await res.text();
  let parsed: RawResponse['body'];
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = { errors: [{ message: `not JSON: ${text.slice(0, 200)}` }] };
  }
  return { status: res.status, body: parsed, ms: performance.now() - started };
}

export const codes = (res: RawResponse) => (res.body.errors ?? []).map((e) => e.extensions?.code);

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}
