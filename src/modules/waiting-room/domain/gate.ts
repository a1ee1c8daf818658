import type { UserErrorData } from '../../../shared/user-error';
import { ErrorCode, userError } from '../../../shared/user-error';

export type GateState = 'OPEN' | 'PAUSED' | 'CLOSED';
export type Fairness = 'FIFO' | 'RANDOM_PREQUEUE';

export const GATE_STATES: readonly GateState[] = ['OPEN', 'PAUSED', 'CLOSED'];
export const FAIRNESS: readonly Fairness[] = ['FIFO', 'RANDOM_PREQUEUE'];

export const DEFAULT_ACTIVE_TTL_SECONDS = 600;
export const DEFAULT_HEARTBEAT_GRACE_SECONDS = 60;
export const MAX_ACTIVE = 1_000_000;
export const MAX_ADMIT_PER_MINUTE = 1_000_000;
export const MAX_ACTIVE_TTL_SECONDS = 24 * 3600;
export const MAX_HEARTBEAT_GRACE_SECONDS = 3600;

/**
 * Gate: the admin-edited aggregate in front of one performance or product (cold row,
 * optimistic version). Its live queue is in Redis; see live/queue-scripts.ts.
 *
 * - OPEN admits under both caps once `opensAt` has passed; PAUSED lets people join but admits
 *   nobody; CLOSED lets nobody join and admits nobody (tickets already ACTIVE run out normally).
 * - Entry opens at `prequeueOpensAt` (else `opensAt`, else at once). With RANDOM_PREQUEUE,
 *   everyone who entered before `opensAt` is put in random order at `opensAt`, ahead of all
 *   later entrants, who follow in entry order.
 */
export interface Gate {
  id: string;
  performanceId: string | null;
  productId: string | null;
  state: GateState;
  fairness: Fairness;
  maxActive: number;
  admitPerMinute: number;
  activeTtlSeconds: number;
  heartbeatGraceSeconds: number;
  prequeueOpensAt: Date | null;
  opensAt: Date | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface NewGate {
  performanceId?: string | null;
  productId?: string | null;
  maxActive: number;
  admitPerMinute: number;
  activeTtlSeconds?: number | null;
  heartbeatGraceSeconds?: number | null;
  fairness?: Fairness | null;
  prequeueOpensAt?: Date | null;
  opensAt?: Date | null;
}

/** The gate to create, or why not (cross-field rules; ranges are checked on the input). */
export function newGate(id: string, input: NewGate, now: Date): Gate | UserErrorData[] {
  const errors: UserErrorData[] = [];
  const performanceId = input.performanceId ?? null;
  const productId = input.productId ?? null;
  if ((performanceId === null) === (productId === null)) {
    errors.push(userError(ErrorCode.BAD_USER_INPUT, 'Give exactly one of performanceId and productId', ['input', performanceId === null ? 'performanceId' : 'productId']));
  }
  const fairness = input.fairness ?? 'FIFO';
  const prequeueOpensAt = input.prequeueOpensAt ?? null;
  const opensAt = input.opensAt ?? null;
  if (prequeueOpensAt && (!opensAt || prequeueOpensAt >= opensAt)) {
    errors.push(userError(ErrorCode.BAD_USER_INPUT, 'prequeueOpensAt needs an opensAt after it', ['input', 'prequeueOpensAt']));
  }
  if (fairness === 'RANDOM_PREQUEUE' && (!prequeueOpensAt || !opensAt)) {
    errors.push(userError(ErrorCode.BAD_USER_INPUT, 'RANDOM_PREQUEUE needs prequeueOpensAt and opensAt (the window whose entrants are shuffled)', ['input', 'fairness']));
  }
  if (errors.length > 0) return errors;
  return {
    id, performanceId, productId, state: 'OPEN', fairness,
    maxActive: input.maxActive, admitPerMinute: input.admitPerMinute,
    activeTtlSeconds: input.activeTtlSeconds ?? DEFAULT_ACTIVE_TTL_SECONDS,
    heartbeatGraceSeconds: input.heartbeatGraceSeconds ?? DEFAULT_HEARTBEAT_GRACE_SECONDS,
    prequeueOpensAt, opensAt, version: 1, createdAt: now, updatedAt: now,
  };
}

export type GateEdit = Partial<Pick<Gate, 'maxActive' | 'admitPerMinute' | 'state'>>;

/** The gate after an edit and the fields that changed (none: the gate as it was). */
export function editGate(gate: Gate, changes: GateEdit, now: Date): { gate: Gate; changed: string[] } {
  const changed = (['maxActive', 'admitPerMinute', 'state'] as const).filter((key) => changes[key] !== undefined && changes[key] !== null && changes[key] !== gate[key]);
  if (changed.length === 0) return { gate, changed };
  const edited: Gate = { ...gate, version: gate.version + 1, updatedAt: now };
  for (const key of changed) (edited as unknown as Record<string, unknown>)[key] = changes[key];
  return { gate: edited, changed };
}

/** When shoppers may join: the prequeue window, else the opening, else any time (null). */
export function entryOpensAt(gate: Pick<Gate, 'prequeueOpensAt' | 'opensAt'>): Date | null {
  return gate.prequeueOpensAt ?? gate.opensAt;
}
