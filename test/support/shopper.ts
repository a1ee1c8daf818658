import { randomUUID } from 'node:crypto';
import { print } from 'graphql';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { ChargePointsDocument, CheckoutDocument, PlaceOrderDocument } from '../generated/graphql';
import type { GraphQLResponse, TestApp } from './test-app';

/** Environment for apps in commerce tests: no rate limiting in the way of deliberate races. */
export const NO_RATE_LIMITS = { RATE_LIMIT_PER_USER: '1000000', RATE_LIMIT_PER_IP: '10000000' };

export const key = (): string => randomUUID();

export async function charge(app: TestApp, token: string, amount: number) {
  const { chargePoints } = await app.ok(ChargePointsDocument, { input: { amount, idempotencyKey: key() } }, token);
  if (!chargePoints.wallet) throw new Error(`charge failed: ${JSON.stringify(chargePoints.userErrors)}`);
  return chargePoints.wallet;
}

export async function placeOne(app: TestApp, token: string, productId: string, quantity = 1) {
  const { placeOrder } = await app.ok(PlaceOrderDocument, { input: { items: [{ productId, quantity }], idempotencyKey: key() } }, token);
  if (!placeOrder.order) throw new Error(`placeOrder failed: ${JSON.stringify(placeOrder.userErrors)}`);
  return placeOrder.order;
}

export async function checkoutOne(app: TestApp, token: string, productId: string, quantity = 1) {
  const { checkout } = await app.ok(CheckoutDocument, { input: { items: [{ productId, quantity }], idempotencyKey: key() } }, token);
  if (!checkout.order) throw new Error(`checkout failed: ${JSON.stringify(checkout.userErrors)}`);
  return checkout;
}

/** A typed operation against any API endpoint (e.g. a spawned process). */
export async function gqlAt<R, V>(url: string, doc: TypedDocumentNode<R, V>, variables: V, token?: string): Promise<R> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query: print(doc), variables }),
  });
  const body = (await res.json()) as GraphQLResponse<R>;
  if (body.errors?.length) throw new Error(`GraphQL errors from ${url}: ${JSON.stringify(body.errors)}`);
  return body.data as R;
}
