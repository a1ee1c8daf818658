import { GraphQLID, type ValueNode } from 'graphql';

/**
 * Ids are UUIDs; Postgres compares them case-insensitively, but everything else (the live
 * fan-out's filters, Redis keys such as the coupon gate's, idempotency hashes) compares strings.
 * orderStatusChanged with an upper-case id got its snapshot and never a change. So an id is made
 * lower case where it enters: every ID argument and input field, from a variable or a literal,
 * on HTTP and graphql-ws alike.
 *
 * Done on graphql-js's ID scalar itself: type-graphql's `ID` is that object, referenced by every
 * field, and a second scalar named ID cannot live in one schema beside it. The wrap only lower-
 * cases values shaped like a UUID; anything else passes unchanged (and fails its own checks).
 */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const INSTALLED = Symbol.for('stampede.id-normalisation');

export const normaliseId = (value: string): string => (UUID.test(value) ? value.toLowerCase() : value);

export function installIdNormalisation(): void {
  const id = GraphQLID as typeof GraphQLID & { [INSTALLED]?: true };
  if (id[INSTALLED]) return;
  const parseValue = id.parseValue.bind(id);
  const parseLiteral = id.parseLiteral.bind(id);
  id.parseValue = (value: unknown) => normaliseId(parseValue(value));
  id.parseLiteral = (node: ValueNode, variables?: Record<string, unknown> | null) => normaliseId(parseLiteral(node, variables));
  id[INSTALLED] = true;
}
