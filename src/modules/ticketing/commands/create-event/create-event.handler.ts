import { newId } from '../../../../shared/ids';
import type { TicketedEvent } from '../../domain/performance';
import { ticketedEventCreated } from '../../events';
import type { TicketingDeps } from '../../ticketing.deps';
import type { CreateEventInput } from './create-event.input';

export async function createEvent(deps: TicketingDeps, input: CreateEventInput): Promise<TicketedEvent> {
  const now = deps.clock.now();
  const event: TicketedEvent = {
    id: newId(now.getTime()), name: input.name.trim(), description: input.description, venue: input.venue.trim(),
    category: input.category.trim(), createdAt: now,
  };
  await deps.transactions.withTransaction((tx) => Promise.all([
    deps.events.insertEvent(tx, event),
    deps.outbox.append(tx, [ticketedEventCreated(event)]),
  ]));
  return event;
}
