import type { AdmissionCheck, GatedResource, QueueAdmission } from '../../../src/modules/waiting-room';

/**
 * An in-memory waiting room: gates by resource, tokens admitted by hand. `calls` counts every
 * port call so a spec can tell that an ungated path asked nothing but gateOf.
 */
export class FakeAdmission implements QueueAdmission {
  private readonly gates = new Map<string, string>();
  private readonly active = new Map<string, { userId: string; gateId: string }>();
  readonly completed: string[] = [];

  gate(resource: GatedResource, gateId: string): this {
    this.gates.set(resource.productId ?? resource.performanceId!, gateId);
    return this;
  }

  /** A token that is `userId`'s ACTIVE ticket for `gateId`. */
  admit(userId: string, gateId: string, token = `token-${userId}-${gateId}`): string {
    this.active.set(token, { userId, gateId });
    return token;
  }

  async gateOf(resource: GatedResource) {
    const id = this.gates.get(resource.productId ?? resource.performanceId ?? '');
    return id ? { id } : null;
  }

  async check(token: string | null | undefined, userId: string, gateId: string): Promise<AdmissionCheck> {
    if (!token) return 'QUEUE_TOKEN_REQUIRED';
    const ticket = this.active.get(token);
    return ticket && ticket.userId === userId && ticket.gateId === gateId ? 'OK' : 'QUEUE_TOKEN_NOT_ACTIVE';
  }

  async extend(): Promise<void> {}

  async complete(token: string): Promise<void> {
    this.active.delete(token);
    this.completed.push(token);
  }
}
