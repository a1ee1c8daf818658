import { print } from 'graphql';
import { createClient, type Client } from 'graphql-ws';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { toResult, type GraphQLAnswer, type StampedeError, type StampedeResult } from './errors';

export interface StampedeClientOptions {
  /** The API's GraphQL endpoint, e.g. http://localhost:4000/graphql (graphql-ws uses the same URL with ws:). */
  url: string;
  /** A JWT from signIn/signUp, or a function that returns the current one (read on every request). */
  token?: string | null | (() => string | null | undefined);
  /** Defaults to the global fetch. */
  fetch?: typeof fetch;
  /** Defaults to the global WebSocket (Node 20 has none: pass the `ws` package's). */
  webSocketImpl?: unknown;
}

export interface SubscribeHandlers<T> {
  next(data: T): void;
  error?(error: StampedeError): void;
  complete?(): void;
}

export interface StampedeClient {
  request<R, V extends Record<string, unknown>>(document: TypedDocumentNode<R, V>, variables?: V): Promise<StampedeResult<R>>;
  /** Returns a function that stops the subscription. */
  subscribe<R, V extends Record<string, unknown>>(document: TypedDocumentNode<R, V>, variables: V, handlers: SubscribeHandlers<R>): () => void;
  /** Use another token from now on (a signed-in user); open subscriptions keep the old one. */
  setToken(token: string | null): void;
  /** Closes the graphql-ws socket. */
  close(): Promise<void>;
}

export function createStampedeClient(options: StampedeClientOptions): StampedeClient {
  let token = options.token;
  const currentToken = () => (typeof token === 'function' ? token() : token) ?? undefined;
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  const wsUrl = options.url.replace(/^http/, 'ws');
  // One socket per token: graphql-ws authenticates once, at connection_init.
  let socket: { token: string | undefined; client: Client } | undefined;

  const socketFor = (current: string | undefined): Client => {
    if (socket && socket.token === current) return socket.client;
    // A lazy client closes its socket by itself once its last subscription ends, so the old one is just let go.
    const client = createClient({
      url: wsUrl,
      webSocketImpl: options.webSocketImpl,
      connectionParams: current ? { authorization: `Bearer ${current}` } : {},
      lazy: true,
    });
    socket = { token: current, client };
    return client;
  };

  return {
    async request(document, variables) {
      const current = currentToken();
      let res: Response;
      try {
        res = await doFetch(options.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/json', ...(current ? { authorization: `Bearer ${current}` } : {}) },
          body: JSON.stringify({ query: print(document), variables: variables ?? {} }),
        });
      } catch (err) {
        return { kind: 'error', error: { code: 'NETWORK_ERROR', message: (err as Error).message } };
      }
      let answer: GraphQLAnswer<never>;
      try {
        answer = (await res.json()) as GraphQLAnswer<never>;
      } catch {
        return { kind: 'error', error: { code: 'NETWORK_ERROR', message: `HTTP ${res.status} without a GraphQL answer`, status: res.status } };
      }
      return toResult(answer, res.status, res.headers.get('retry-after'));
    },

    subscribe(document, variables, handlers) {
      return socketFor(currentToken()).subscribe(
        { query: print(document), variables },
        {
          next: (value) => {
            const result = toResult(value as GraphQLAnswer<never>);
            if (result.kind === 'error') handlers.error?.(result.error);
            else handlers.next(result.data);
          },
          error: (err) => {
            const reason = (err as { reason?: string; message?: string })?.reason || (err as Error)?.message || 'graphql-ws connection closed';
            handlers.error?.({ code: 'NETWORK_ERROR', message: reason });
          },
          complete: () => handlers.complete?.(),
        },
      );
    },

    setToken(next) {
      token = next;
    },

    async close() {
      await socket?.client.dispose();
      socket = undefined;
    },
  };
}
