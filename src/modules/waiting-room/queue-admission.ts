import { UserFacingError, userError } from '../../shared/user-error';

/**
 * The waiting room as other modules see it (ticketing's holdSeats, ordering's placeOrder /
 * checkout on a gated product): is this caller admitted, and tell the gate when they are done.
 */
export type AdmissionCheck = 'OK' | 'QUEUE_TOKEN_REQUIRED' | 'QUEUE_TOKEN_NOT_ACTIVE' | 'GATE_UNAVAILABLE';

export interface GatedResource {
  performanceId?: string;
  productId?: string;
}

export interface QueueAdmission {
  /** The gate in front of a resource, or null when it is not gated (cached briefly). */
  gateOf(resource: GatedResource): Promise<{ id: string } | null>;
  /**
   * Whether `token` is the caller's own ACTIVE ticket for `gateId`. Runs no SQL: the token is
   * signed, and one Redis lookup says whether it is still ACTIVE.
   */
  check(token: string | null | undefined, userId: string, gateId: string): Promise<AdmissionCheck>;
  /** A live hold keeps the ticket ACTIVE until `until` (its TTL is extended, never shortened). */
  extend(token: string, until: Date): Promise<void>;
  /** The purchase is done (paid) or abandoned: the ticket is EXPIRED and its slot freed at once. */
  complete(token: string): Promise<void>;
}

const REFUSALS: Record<Exclude<AdmissionCheck, 'OK'>, string> = {
  QUEUE_TOKEN_REQUIRED: 'This is behind a waiting room: enterQueue and pass your queueToken once ACTIVE',
  QUEUE_TOKEN_NOT_ACTIVE: 'This queue token is not your ACTIVE ticket for this gate',
  GATE_UNAVAILABLE: 'The waiting room cannot admit anyone right now; try again shortly',
};

/**
 * The gates in front of `resources` (empty: nothing is gated). Call it BEFORE opening the
 * write's transaction: a cold lookup reads Postgres on the pool, and a transaction waiting for a
 * second pooled connection deadlocks the pool under load (seen in the checkout bench: every
 * checkout timed out after 5 s while the gate snapshot was being refreshed).
 */
export async function gatesOf(admission: QueueAdmission | null, resources: GatedResource[]): Promise<string[]> {
  if (!admission) return [];
  const gates = new Set<string>();
  for (const resource of resources) {
    const gate = await admission.gateOf(resource);
    if (gate) gates.add(gate.id);
  }
  return [...gates];
}

/**
 * The gated mutations' check (holdSeats, placeOrder, checkout): `token` must be the caller's
 * ACTIVE ticket of every gate in `gateIds` (from gatesOf), else a userError on
 * `input.queueToken`. No SQL, so it may run inside a transaction: a signature and one Redis lookup.
 */
export async function requireAdmission(
  admission: QueueAdmission | null, userId: string, gateIds: readonly string[], token: string | null | undefined,
): Promise<void> {
  for (const gateId of gateIds) {
    const check = await admission!.check(token, userId, gateId);
    if (check !== 'OK') throw new UserFacingError([userError(check, REFUSALS[check], ['input', 'queueToken'])]);
  }
}
