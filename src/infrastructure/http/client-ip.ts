/**
 * The client's address. Behind `hops` trusted reverse proxies, each of which appends the address
 * it saw to X-Forwarded-For, the client is the entry `hops` places from the right; entries further
 * left were written by the client itself and prove nothing. With 0 hops the socket's peer is used.
 */
export function clientIp(remoteAddress: string | undefined, forwardedFor: string | string[] | undefined, hops: number): string {
  const peer = remoteAddress ?? 'unknown';
  if (hops <= 0 || !forwardedFor) return peer;
  const header = Array.isArray(forwardedFor) ? forwardedFor.join(',') : forwardedFor;
  const chain = [...header.split(',').map((s) => s.trim()).filter(Boolean), peer];
  return chain[Math.max(0, chain.length - 1 - hops)];
}
