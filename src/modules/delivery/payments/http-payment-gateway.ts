import type { CallGuard } from './call-guard';
import { PaymentOutcomeUnknown, PaymentUnavailable, type AuthorizationAnswer, type GatewayRecord, type PaymentGateway } from './payment-gateway';
import { gatewayCalls } from './payment-metrics';

/** A 5xx (or any answer we cannot read): thrown inside the guard so the breaker counts it. */
class GatewayFailure extends Error {}

/**
 * The gateway's HTTP protocol (docs/delivery.md), every call through the guard. Inside the guard
 * a call either returns a definite answer (201, 402, 200, 404) or throws; outside, what was not
 * sent is PaymentUnavailable and what was sent without a definite answer is PaymentOutcomeUnknown.
 */
export class HttpPaymentGateway implements PaymentGateway {
  constructor(private readonly baseUrl: string, private readonly guard: CallGuard) {}

  breakerState() {
    return this.guard.state();
  }

  async authorize(request: { amount: number; cardToken: string; reference: string }, key: string): Promise<AuthorizationAnswer> {
    return this.call('authorize', 'POST', '/authorizations', key, { ...request, currency: 'KRW' }, async (res) => {
      if (res.status === 201 || res.status === 200) {
        const body = (await res.json()) as { id: string };
        return { outcome: 'AUTHORIZED', id: body.id };
      }
      if (res.status === 402) {
        const body = (await res.json().catch(() => ({}))) as { error?: string };
        return { outcome: 'DECLINED', reason: body.error ?? 'card_declined' };
      }
      return undefined;
    });
  }

  async findByKey(key: string): Promise<GatewayRecord | null> {
    return this.call('lookup', 'GET', `/authorizations?idempotencyKey=${encodeURIComponent(key)}`, null, undefined, async (res) => {
      if (res.status === 404) return null;
      if (res.status === 200) return (await res.json()) as GatewayRecord;
      return undefined;
    });
  }

  capture(id: string, key: string) {
    return this.record('capture', `/authorizations/${encodeURIComponent(id)}/capture`, key, {});
  }

  void(id: string, key: string) {
    return this.record('void', `/authorizations/${encodeURIComponent(id)}/void`, key, {});
  }

  refund(id: string, amount: number, key: string) {
    return this.record('refund', `/authorizations/${encodeURIComponent(id)}/refunds`, key, { amount });
  }

  private record(operation: string, path: string, key: string, body: object): Promise<GatewayRecord> {
    return this.call(operation, 'POST', path, key, body, async (res) => (res.status === 200 || res.status === 201 ? ((await res.json()) as GatewayRecord) : undefined));
  }

  /** `read` returns the definite answer, or undefined for anything else (a failure). */
  private async call<T>(
    operation: string, method: string, path: string, key: string | null, body: object | undefined, read: (res: Response) => Promise<T | undefined>,
  ): Promise<T> {
    try {
      const answer = await this.guard.execute(async (signal) => {
        const res = await fetch(`${this.baseUrl}${path}`, {
          method, signal,
          headers: { 'content-type': 'application/json', ...(key ? { 'idempotency-key': key } : {}) },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
        const value = await read(res);
        if (value === undefined) throw new GatewayFailure(`${operation}: gateway answered ${res.status}`);
        return value;
      });
      gatewayCalls.inc({ operation, outcome: (answer as { outcome?: string } | null)?.outcome === 'DECLINED' ? 'declined' : 'ok' });
      return answer;
    } catch (err) {
      if (err instanceof PaymentUnavailable) throw err;
      const timedOut = (err as Error).name === 'TaskCancelledError' || (err as Error).name === 'TimeoutError' || (err as Error).name === 'AbortError';
      gatewayCalls.inc({ operation, outcome: timedOut ? 'timeout' : 'failed' });
      throw new PaymentOutcomeUnknown(`${operation}: ${(err as Error).message}`);
    }
  }
}
