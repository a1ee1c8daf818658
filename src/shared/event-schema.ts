import type { DomainEvent } from './event';
import { isId } from './ids';

/**
 * What an event looks like on the wire, checked at run time: the envelope every event shares
 * and, per (type, schemaVersion), the names and types of its `data` fields — exactly those, no
 * more and no fewer. Each module lists the schemas of its aggregates' events (StampedeModule.events);
 * the test run checks every outbox row it wrote against them (test/outbox-contract.ts).
 *
 * Written here rather than with a validation library: the contract is a few dozen flat field
 * lists, `eventSchema` ties each to its event's TypeScript type at compile time (a field missing
 * from either side does not compile), and no runtime path depends on it.
 */
export type FieldSpec =
  | 'string'
  | 'uuid'
  /** ISO-8601 instant as Date#toISOString writes it. */
  | 'datetime'
  | 'integer'
  | 'boolean'
  | { enum: readonly string[] }
  | { nullable: FieldSpec }
  | { list: FieldSpec }
  | { object: Readonly<Record<string, FieldSpec>> };

/** The specs a field of TypeScript type T may have. */
export type SpecOf<T> = null extends T
  ? { nullable: SpecOf<Exclude<T, null>> }
  : [T] extends [string]
    ? 'string' | 'uuid' | 'datetime' | { enum: readonly T[] }
    : [T] extends [number]
      ? 'integer'
      : [T] extends [boolean]
        ? 'boolean'
        : [T] extends [ReadonlyArray<infer U>]
          ? { list: SpecOf<U> }
          : [T] extends [object]
            ? { object: ShapeOf<T> }
            : never;

/** Every field of T, each with a spec. */
export type ShapeOf<T> = { [K in keyof T]-?: SpecOf<T[K]> };

export interface EventSchema {
  type: string;
  schemaVersion: number;
  aggregateType: string;
  data: Readonly<Record<string, FieldSpec>>;
}

/** A schema for the event type E; its `data` must name every field of E's data and nothing else. */
export function eventSchema<E extends DomainEvent>(schema: {
  type: E['type'];
  schemaVersion: number;
  aggregateType: string;
  data: ShapeOf<E['data']>;
}): EventSchema {
  return schema as unknown as EventSchema;
}

const ENVELOPE: Readonly<Record<keyof DomainEvent, FieldSpec>> = {
  id: 'uuid',
  type: 'string',
  schemaVersion: 'integer',
  aggregateType: 'string',
  aggregateId: 'string',
  aggregateVersion: 'integer',
  occurredAt: 'datetime',
  data: { object: {} }, // checked against the type's own schema
};

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** The schemas of every module, by type and schemaVersion. */
export class EventSchemas {
  private readonly byKey = new Map<string, EventSchema>();
  private readonly versions = new Map<string, number[]>();

  constructor(schemas: readonly EventSchema[]) {
    for (const schema of schemas) {
      const key = `${schema.type}@${schema.schemaVersion}`;
      if (this.byKey.has(key)) throw new Error(`event ${schema.type} v${schema.schemaVersion} is declared twice`);
      this.byKey.set(key, schema);
      this.versions.set(schema.type, [...(this.versions.get(schema.type) ?? []), schema.schemaVersion]);
    }
  }

  get size(): number {
    return this.byKey.size;
  }

  /** What is wrong with `raw` as a DomainEvent of its declared type and schemaVersion; empty when nothing is. */
  problems(raw: unknown): string[] {
    if (!isRecord(raw)) return [`not an object: ${show(raw)}`];
    const problems = shapeProblems(raw, ENVELOPE, '', ['data']);
    if (typeof raw.type !== 'string' || !Number.isInteger(raw.schemaVersion)) return problems;
    if (typeof raw.aggregateId === 'string' && raw.aggregateId.length === 0) problems.push('aggregateId: empty');
    if (typeof raw.aggregateVersion === 'number' && raw.aggregateVersion < 1) problems.push(`aggregateVersion: ${raw.aggregateVersion} is below 1`);
    const schema = this.byKey.get(`${raw.type}@${raw.schemaVersion}`);
    if (!schema) {
      const known = this.versions.get(raw.type);
      problems.push(known
        ? `${raw.type} has no schemaVersion ${raw.schemaVersion} (declared: ${known.join(', ')})`
        : `unknown event type ${raw.type}: no module declares it (StampedeModule.events)`);
      return problems;
    }
    if (raw.aggregateType !== schema.aggregateType) {
      problems.push(`aggregateType: expected ${schema.aggregateType}, got ${show(raw.aggregateType)}`);
    }
    if (!isRecord(raw.data)) problems.push(`data: expected an object, got ${show(raw.data)}`);
    else problems.push(...shapeProblems(raw.data, schema.data, 'data.'));
    return problems;
  }
}

function shapeProblems(value: Record<string, unknown>, shape: Readonly<Record<string, FieldSpec>>, path: string, skip: string[] = []): string[] {
  const problems: string[] = [];
  for (const [name, spec] of Object.entries(shape)) {
    if (skip.includes(name)) continue;
    if (!(name in value)) problems.push(`${path}${name}: missing`);
    else problems.push(...fieldProblems(value[name], spec, `${path}${name}`));
  }
  for (const name of Object.keys(value)) {
    if (!(name in shape)) problems.push(`${path}${name}: not in the schema`);
  }
  return problems;
}

function fieldProblems(value: unknown, spec: FieldSpec, path: string): string[] {
  const wrong = (expected: string) => [`${path}: expected ${expected}, got ${show(value)}`];
  if (typeof spec === 'object' && 'nullable' in spec) return value === null ? [] : fieldProblems(value, spec.nullable, path);
  if (typeof spec === 'object' && 'enum' in spec) {
    return typeof value === 'string' && spec.enum.includes(value) ? [] : wrong(`one of ${spec.enum.join('|')}`);
  }
  if (typeof spec === 'object' && 'list' in spec) {
    if (!Array.isArray(value)) return wrong('a list');
    return value.flatMap((item, i) => fieldProblems(item, spec.list, `${path}[${i}]`));
  }
  if (typeof spec === 'object') return isRecord(value) ? shapeProblems(value, spec.object, `${path}.`) : wrong('an object');
  switch (spec) {
    case 'string':
      return typeof value === 'string' ? [] : wrong('a string');
    case 'uuid':
      return typeof value === 'string' && isId(value) ? [] : wrong('a uuid');
    case 'datetime':
      return typeof value === 'string' && ISO_INSTANT.test(value) && !Number.isNaN(Date.parse(value)) ? [] : wrong('an ISO-8601 instant');
    case 'integer':
      return Number.isInteger(value) ? [] : wrong('an integer');
    case 'boolean':
      return typeof value === 'boolean' ? [] : wrong('a boolean');
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function show(value: unknown): string {
  const text = JSON.stringify(value);
  return text === undefined ? String(value) : text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
