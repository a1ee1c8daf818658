import { print } from 'graphql';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { loadConfig, type Config } from '../../src/config';
import { createLogger } from '../../src/infrastructure/logger';
import { startApp, type RunningApp } from '../../src/app';

export interface GraphQLResponse<T> {
  data?: T | null;
  errors?: Array<{ message: string; extensions?: Record<string, unknown> }>;
}

export interface TestApp extends RunningApp {
  url: string;
  /** Runs a codegen-typed operation over HTTP, as a client would. */
  gql<R, V>(doc: TypedDocumentNode<R, V>, variables?: V, token?: string): Promise<GraphQLResponse<R>>;
  /** Like gql, but fails the test on any GraphQL error. */
  ok<R, V>(doc: TypedDocumentNode<R, V>, variables?: V, token?: string): Promise<R>;
}

export const ADMIN = { email: 'admin@stampede.test', password: 'admin-password-for-tests' };

export function testConfig(overrides: Partial<Record<string, string>> = {}): Config {
  return loadConfig({
    // Every test signs up from 127.0.0.1: the per-IP sign-up limit (20 a minute) is for attack specs to lower.
    SIGNUP_RATE_LIMIT_PER_IP: '100000000',
    ...process.env, PORT: '0', NODE_ENV: 'test', ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, ...overrides,
  });
}

export async function startTestApp(overrides: Partial<Record<string, string>> = {}): Promise<TestApp> {
  const config = testConfig(overrides);
  const app = await startApp(config, createLogger(process.env.LOG_LEVEL ?? 'warn'));
  const url = `http://127.0.0.1:${app.port}/graphql`;
  const gql = async <R, V>(doc: TypedDocumentNode<R, V>, variables?: V, token?: string) => {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query: print(doc), variables }),
    });
    return (await res.json()) as GraphQLResponse<R>;
  };
  return {
    ...app,
    url,
    gql,
    async ok(doc, variables, token) {
      const res = await gql(doc, variables, token);
      if (res.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(res.errors)}`);
      return res.data as never;
    },
  };
}

/** Polls until `check` returns a value that is not undefined/false, or fails after `timeoutMs`. */
export async function eventually<T>(check: () => Promise<T | undefined | false>, timeoutMs = 10_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`Timed out waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
}
