/**
 * Which browser origins may call the API (CORS_ORIGINS). An entry is an exact origin
 * (`https://shop.example.com`), an origin with `*` standing for one port or one host label
 * (`http://localhost:*`, `https://*.example.com`), or `*` alone for any origin.
 */
export class OriginPolicy {
  private readonly patterns: RegExp[];

  constructor(readonly entries: readonly string[]) {
    this.patterns = entries.map(toPattern);
  }

  /** A request without Origin is not from a browser page: CORS (and cross-site abuse) does not apply. */
  allows(origin: string | undefined): boolean {
    if (origin === undefined) return true;
    return this.patterns.some((p) => p.test(origin));
  }

  /**
   * For a WebSocket upgrade: also a page of the server itself (the landing page's graphql-ws
   * socket), whatever the list says. Browsers enforce same-origin for HTTP themselves; for
   * WebSockets only this check does.
   */
  allowsOnHost(origin: string | undefined, host: string | undefined): boolean {
    if (this.allows(origin)) return true;
    try {
      return host !== undefined && new URL(origin!).host === host.toLowerCase();
    } catch {
      return false;
    }
  }
}

const ENTRY = /^(\*|https?:\/\/[a-z0-9.*-]+(:(\d{1,5}|\*))?)$/i;

/** True when `entry` is something OriginPolicy understands (config checks each one at boot). */
export function isOriginEntry(entry: string): boolean {
  return ENTRY.test(entry);
}

function toPattern(entry: string): RegExp {
  if (entry === '*') return /^/;
  const escaped = entry.toLowerCase().replace(/[.+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^${escaped.replace(/\*/g, '[a-z0-9-]+')}$`, 'i');
}
