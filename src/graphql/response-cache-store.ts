/**
 * The response cache's in-process entries, bounded in bytes rather than in entries: entry counts
 * bounded nothing, since one entry can be a megabyte (15 aliases of 100 products) and 2,000 of
 * them were 2 GB. Oldest first out; every entry has the same TTL, so insertion order is expiry
 * order and expired entries leave from the front as soon as anything is added.
 */
export interface Sized {
  /** Bytes this entry holds (its body and key, roughly). */
  bytes: number;
  expires: number;
}

export class ByteBoundedStore<T extends Sized> {
  private readonly entries = new Map<string, T>();
  private used = 0;

  constructor(readonly maxBytes: number) {}

  get size(): number {
    return this.entries.size;
  }

  get bytes(): number {
    return this.used;
  }

  get(key: string): T | undefined {
    return this.entries.get(key);
  }

  /** Refuses (false) an entry bigger than the whole budget; otherwise makes room for it. */
  set(key: string, entry: T, now = Date.now()): boolean {
    this.delete(key);
    if (entry.bytes > this.maxBytes) return false;
    for (const [oldKey, old] of this.entries) {
      if (old.expires > now && this.used + entry.bytes <= this.maxBytes) break;
      this.delete(oldKey);
    }
    this.entries.set(key, entry);
    this.used += entry.bytes;
    return true;
  }

  delete(key: string): void {
    const old = this.entries.get(key);
    if (!old) return;
    this.entries.delete(key);
    this.used -= old.bytes;
  }

  clear(): void {
    this.entries.clear();
    this.used = 0;
  }
}
