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
