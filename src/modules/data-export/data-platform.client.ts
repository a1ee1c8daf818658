/** Why a delivery to the data platform did not go through; the message is kept in failed_exports. */
export class ExportError extends Error {}

export interface DataPlatform {
  /** Resolves once the platform answered 2xx; rejects with ExportError otherwise. */
  send(body: unknown, idempotencyKey: string): Promise<void>;
}

/**
 * POSTs one event to DATA_PLATFORM_URL with `Idempotency-Key: <event id>`, so the platform can
 * drop a delivery it has seen. A hard timeout covers connect, headers and body: a hung platform
 * costs one timeout per attempt and never blocks the consumer.
 */
export class HttpDataPlatform implements DataPlatform {
  constructor(private readonly url: string, private readonly timeoutMs: number) {}

  async send(body: unknown, idempotencyKey: string): Promise<void> {
    let status: number;
    try {
      const res = await fetch(this.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': idempotencyKey },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      status = res.status;
      await res.arrayBuffer(); // drain, so the connection goes back to the pool
    } catch (err) {
      const e = err as Error;
      if (e.name === 'TimeoutError' || e.name === 'AbortError') throw new ExportError(`no answer within ${this.timeoutMs} ms`);
      const cause = (e as { cause?: { code?: string; message?: string } }).cause;
      throw new ExportError(`unreachable: ${cause?.code ?? cause?.message ?? e.message}`);
    }
    if (status < 200 || status >= 300) throw new ExportError(`answered HTTP ${status}`);
  }
}
