import { fakeTicketing, fakeWorld, type FakeTicketing, type FakeWorld } from '../../../../../test/support/fakes';
import type { TicketedEventCreated } from '../../events';
import { createEvent } from './create-event.handler';

describe('createEvent', () => {
  let w: FakeWorld;
  let t: FakeTicketing;
  beforeEach(() => {
    w = fakeWorld('2026-03-01T09:00:00.000Z');
    t = fakeTicketing(w);
  });
  const input = { name: '  Spring Gala ', description: 'strings', venue: ' Main Hall ', category: ' concert ' };

  it('when created, then the event row (trimmed, created now) and TicketedEventCreated, in one transaction', async () => {
    const event = await createEvent(t.deps, input);

    expect(event).toEqual({ id: expect.any(String), name: 'Spring Gala', description: 'strings', venue: 'Main Hall', category: 'concert', createdAt: w.clock.now() });
    expect(t.events.events.get(event.id)).toEqual(event);
    expect(w.outbox.ofType<TicketedEventCreated>('TicketedEventCreated')).toEqual([expect.objectContaining({
      aggregateType: 'TicketedEvent', aggregateId: event.id, aggregateVersion: 1,
      data: { name: 'Spring Gala', description: 'strings', venue: 'Main Hall', category: 'concert', createdAt: '2026-03-01T09:00:00.000Z' },
    })]);
    expect(w.transactions.commits).toBe(1);
  });

  it('given the outbox write fails, then no event row is left behind either', async () => {
    w.outbox.failNextAppend();
    const before = t.state();
    await expect(createEvent(t.deps, input)).rejects.toThrow('outbox insert failed');
    expect(t.state()).toEqual(before);
    expect(t.events.events.size).toBe(0);
  });
});
