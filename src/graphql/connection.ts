import { GraphQLError } from 'graphql';
import { ClassType, Field, Int, ObjectType } from 'type-graphql';
import { isId } from '../shared/ids';

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;

@ObjectType()
export class PageInfo {
  @Field() hasNextPage!: boolean;
  @Field() hasPreviousPage!: boolean;
  @Field(() => String, { nullable: true }) startCursor!: string | null;
  @Field(() => String, { nullable: true }) endCursor!: string | null;
}

/** Builds the Relay connection type for a node type: `XConnection { edges { cursor node } pageInfo totalCount }`. */
export function Connection<TNode extends object>(Node: ClassType<TNode>, name: string) {
  @ObjectType(`${name}Edge`)
  class Edge {
    @Field() cursor!: string;
    @Field(() => Node) node!: TNode;
  }

  @ObjectType(`${name}Connection`)
  class ConnectionType {
    @Field(() => [Edge]) edges!: Edge[];
    @Field(() => PageInfo) pageInfo!: PageInfo;
    @Field(() => Int) totalCount!: number;
  }
  return ConnectionType;
}

/** Cursors are opaque to clients; inside they carry the id of the last node seen. */
export const encodeCursor = (id: string) => Buffer.from(`c:${id}`).toString('base64url');

export function decodeCursor(cursor: string | null | undefined, field = 'after'): string | null {
  if (cursor === null || cursor === undefined) return null;
  const decoded = Buffer.from(cursor, 'base64url').toString('utf8');
  const id = decoded.startsWith('c:') ? decoded.slice(2) : '';
  if (!isId(id)) throw badInput(`"${field}" is not a cursor this API issued`, field);
  return id;
}

export function pageSize(first: number | null | undefined, field = 'first'): number {
  const size = first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE_SIZE) {
    throw badInput(`"${field}" must be between 1 and ${MAX_PAGE_SIZE}`, field);
  }
  return size;
}

export function toConnection<T extends { id: string }, N>(
  items: T[], hasNextPage: boolean, totalCount: number, after: string | null, toNode: (item: T) => N,
) {
  const edges = items.map((item) => ({ cursor: encodeCursor(item.id), node: toNode(item) }));
  return {
    edges,
    totalCount,
    pageInfo: {
      hasNextPage,
      hasPreviousPage: after !== null,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}

/** Bad arguments on queries (which have no payload) are GraphQL errors naming the argument. */
export function badInput(message: string, field: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', field: [field] } });
}
