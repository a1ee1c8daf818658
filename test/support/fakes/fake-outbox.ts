import type { DomainEvent } from '../../../src/shared/event';
import type { OutboxStore } from '../../../src/shared/outbox';
import { arrayParticipant, statement, type Participant } from './fake-transactions';

/**
 * The outbox as a list: what a committed transaction appended, in order, as the relay would
 * read it back (a JSON copy: an event that does not survive JSON does not survive the outbox).
 */
export class FakeOutbox implements OutboxStore, Participant {
  readonly events: DomainEvent[] = [];
  private readonly saved = arrayParticipant(this.events);
  private failures: unknown[] = [];

  append(tx: Parameters<OutboxStore['append']>[0], events: readonly DomainEvent[]): Promise<void> {
    return statement(tx, 'outbox.append', () => {
      const failure = this.failures.shift();
      if (failure) throw failure;
      if (events.length === 0) return;
      const ids = new Set(this.events.map((e) => e.id));
      for (const event of events) {
        if (ids.has(event.id)) throw new Error(`duplicate key value violates unique constraint "outbox_pkey" (${event.id})`);
        ids.add(event.id);
      }
      this.events.push(...events.map((e) => JSON.parse(JSON.stringify(e)) as DomainEvent));
    });
  }

  /** The next append fails as a statement would (to prove the transaction then writes nothing). */
  failNextAppend(error: unknown = new Error('outbox insert failed')): this {
    this.failures.push(error);
    return this;
  }

  types(): string[] {
    return this.events.map((e) => e.type);
  }

  ofType<E extends DomainEvent = DomainEvent>(type: E['type']): E[] {
    return this.events.filter((e) => e.type === type) as E[];
  }

  snapshot(): unknown {
    return this.saved.snapshot();
  }

  restore(saved: unknown): void {
    this.saved.restore(saved);
  }
}
