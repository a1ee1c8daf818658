import { print } from 'graphql';
import WebSocket from 'ws';
import { createClient, type Client } from 'graphql-ws';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';

export interface Subscription<T> {
  /** Every `next` payload's data, in arrival order. */
  values: T[];
  /** Resolves with the error the server ended the subscription with (GraphQL errors, or a close event). */
  failed: Promise<unknown>;
  /** Waits until at least `count` values arrived, then returns them all. */
  waitFor(count: number, timeoutMs?: number): Promise<T[]>;
  stop(): void;
}

/** A graphql-ws client as a browser would open it: token in connection_init, no retries. */
export function wsClient(httpUrl: string, token?: string): Client {
  return createClient({
    url: httpUrl.replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    connectionParams: token ? { authorization: `Bearer ${token}` } : {},
    retryAttempts: 0,
    lazy: true,
  });
}

/** Subscribes with a codegen-typed document (or a raw query string, to send what codegen would refuse). */
export function subscribe<R, V>(client: Client, doc: TypedDocumentNode<R, V> | string, variables?: V): Subscription<R> {
  const values: R[] = [];
  const waiters: Array<() => void> = [];
  let fail!: (err: unknown) => void;
  const failed = new Promise<unknown>((resolve) => (fail = resolve));
  let ended: unknown;
  const stop = client.subscribe<R>(
    { query: typeof doc === 'string' ? doc : print(doc), variables: variables as Record<string, unknown> | undefined },
    {
      next: (result) => {
        if (result.errors?.length) {
          ended = result.errors;
          fail(result.errors);
        } else values.push(result.data as R);
        waiters.splice(0).forEach((wake) => wake());
      },
      error: (err) => {
        ended = err;
        fail(err);
        waiters.splice(0).forEach((wake) => wake());
      },
      complete: () => waiters.splice(0).forEach((wake) => wake()),
    },
  );
  return {
    values,
    failed,
    stop,
    async waitFor(count, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (values.length < count) {
        if (ended !== undefined) throw new Error(`subscription failed: ${JSON.stringify(ended)}`);
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`timed out waiting for ${count} values, got ${JSON.stringify(values)}`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, left);
          waiters.push(() => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
      return values;
    },
  };
}
