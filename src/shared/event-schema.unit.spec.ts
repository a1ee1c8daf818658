import { makeEvent, type DomainEvent } from './event';
import { EventSchemas, eventSchema } from './event-schema';
import { newId } from './ids';

type ThingMade = DomainEvent<'ThingMade', { ownerId: string; count: number; tags: string[]; note: string | null; kind: 'A' | 'B'; at: string }>;

const schemas = new EventSchemas([
  eventSchema<ThingMade>({
    type: 'ThingMade', schemaVersion: 1, aggregateType: 'Thing',
    data: { ownerId: 'uuid', count: 'integer', tags: { list: 'string' }, note: { nullable: 'string' }, kind: { enum: ['A', 'B'] }, at: 'datetime' },
  }),
]);

const at = new Date('2026-11-20T10:00:00.000Z');
const good = (data: Partial<ThingMade['data']> = {}, version = 1): DomainEvent =>
  makeEvent('ThingMade', { type: 'Thing', id: newId(), version: 1 }, at, {
    ownerId: newId(), count: 3, tags: ['x'], note: null, kind: 'A', at: at.toISOString(), ...data,
  }, version);

describe('EventSchemas.problems', () => {
  it('finds nothing wrong with an event made by makeEvent to its schema', () => {
    expect(schemas.problems(good())).toEqual([]);
    expect(schemas.problems(JSON.parse(JSON.stringify(good({ note: 'hi', kind: 'B' }))))).toEqual([]);
  });

  it('fails an event type no module declares, and an undeclared schemaVersion', () => {
    expect(schemas.problems({ ...good(), type: 'ThingLost' })).toEqual([expect.stringMatching(/unknown event type ThingLost/)]);
    expect(schemas.problems(good({}, 2))).toEqual(['ThingMade has no schemaVersion 2 (declared: 1)']);
  });

  it('names missing, extra and mistyped data fields', () => {
    const event = good() as DomainEvent<string, Record<string, unknown>>;
    const { count: _count, ...withoutCount } = event.data;
    expect(schemas.problems({ ...event, data: withoutCount })).toEqual(['data.count: missing']);
    expect(schemas.problems({ ...event, data: { ...event.data, extra: 1 } })).toEqual(['data.extra: not in the schema']);
    expect(schemas.problems({ ...event, data: { ...event.data, count: 1.5, ownerId: 'u-1', kind: 'C', tags: [1], at: 'yesterday' } })).toEqual([
      'data.ownerId: expected a uuid, got "u-1"',
      'data.count: expected an integer, got 1.5',
      'data.tags[0]: expected a string, got 1',
      'data.kind: expected one of A|B, got "C"',
      'data.at: expected an ISO-8601 instant, got "yesterday"',
    ]);
  });

  it('checks the envelope: its fields, the aggregate type, the version', () => {
    const event = good();
    expect(schemas.problems({ ...event, aggregateType: 'Other' })).toEqual(['aggregateType: expected Thing, got "Other"']);
    expect(schemas.problems({ ...event, aggregateVersion: 0 })).toEqual(['aggregateVersion: 0 is below 1']);
    const { occurredAt: _occurredAt, ...noTime } = event;
    expect(schemas.problems({ ...noTime, id: 'x', entity: {} })).toEqual(['id: expected a uuid, got "x"', 'occurredAt: missing', 'entity: not in the schema']);
    expect(schemas.problems('{}')).toEqual(['not an object: "{}"']);
  });

  it('refuses a schema declared twice', () => {
    const schema = eventSchema<ThingMade>({
      type: 'ThingMade', schemaVersion: 1, aggregateType: 'Thing',
      data: { ownerId: 'uuid', count: 'integer', tags: { list: 'string' }, note: { nullable: 'string' }, kind: { enum: ['A', 'B'] }, at: 'datetime' },
    });
    expect(() => new EventSchemas([schema, schema])).toThrow(/declared twice/);
  });
});
