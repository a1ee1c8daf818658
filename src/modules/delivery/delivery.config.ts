import { ConfigError } from '../../config';
import type { GuardSettings } from './payments/call-guard';

/**
 * The delivery module's settings, parsed once when its services are built at boot (a bad value
 * stops the process naming the variable). Kept here rather than in src/config.ts while that file
 * is being reworked by others; same rules and messages.
 */
export interface DeliverySettings {
  /** PAYMENT_GATEWAY_URL: base URL of the card gateway (POST {url}/authorizations, …). */
  paymentGatewayUrl: string;
  guard: GuardSettings;
  /** DELIVERY_ACCEPT_TIMEOUT_SECONDS: a PAID order nobody accepts within this is rejected and its authorization voided. */
  acceptTimeoutSeconds: number;
}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) throw new ConfigError(`${name} must be an integer between ${min} and ${max}, got "${raw}"`);
  return value;
}

function httpUrl(env: NodeJS.ProcessEnv, name: string, fallback: string): string {
  const value = env[name] || fallback;
  let protocol = '';
  try {
    protocol = new URL(value).protocol;
  } catch {
    throw new ConfigError(`${name} is not a valid URL: "${value}"`);
  }
  if (protocol !== 'http:' && protocol !== 'https:') throw new ConfigError(`${name} must use http: or https:, got "${protocol}"`);
  return value.replace(/\/+$/, '');
}

export function deliverySettings(env: NodeJS.ProcessEnv = process.env): DeliverySettings {
  return {
    paymentGatewayUrl: httpUrl(env, 'PAYMENT_GATEWAY_URL', 'http://127.0.0.1:4200'),
    guard: {
      timeoutMs: integer(env, 'PAYMENT_GATEWAY_TIMEOUT_MS', 2_000, 50, 60_000),
      failures: integer(env, 'PAYMENT_BREAKER_FAILURES', 5, 1, 1_000),
      halfOpenAfterMs: integer(env, 'PAYMENT_BREAKER_HALF_OPEN_AFTER_MS', 5_000, 100, 600_000),
      bulkhead: integer(env, 'PAYMENT_BULKHEAD', 200, 1, 10_000),
      bulkheadQueue: integer(env, 'PAYMENT_BULKHEAD_QUEUE', 1_000, 0, 100_000),
    },
    acceptTimeoutSeconds: integer(env, 'DELIVERY_ACCEPT_TIMEOUT_SECONDS', 600, 1, 24 * 3600),
  };
}
