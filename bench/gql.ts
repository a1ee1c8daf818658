/** A small GraphQL-over-HTTP client for setup and capture (not for load: that is autocannon). */
export async function gql<T = Record<string, any>>(url: string, query: string, variables: Record<string, unknown> = {}, token?: string): Promise<T> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await fetch(url, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
  const json = (await res.json()) as { data?: T; errors?: Array<{ message: string }> };
  if (json.errors?.length) throw new Error(`GraphQL error: ${json.errors.map((e) => e.message).join('; ')}\n${query}`);
  return json.data as T;
}

/** The first userErrors of a payload, as an exception: setup steps must not be refused. */
export function expectNoUserErrors(payload: { userErrors?: Array<{ code: string; message: string }> } | null | undefined, what: string): void {
  if (!payload) throw new Error(`bench: ${what} returned no payload`);
  if (payload.userErrors?.length) throw new Error(`bench: ${what} refused: ${payload.userErrors.map((e) => `${e.code} ${e.message}`).join('; ')}`);
}
