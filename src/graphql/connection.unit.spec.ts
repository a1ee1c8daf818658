import { GraphQLError } from 'graphql';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, decodeCursor, encodeCursor, pageSize, toConnection } from './connection';
import { newId } from '../shared/ids';

const codeAndField = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(GraphQLError);
    return { code: (err as GraphQLError).extensions.code, field: (err as GraphQLError).extensions.field };
  }
  throw new Error('did not throw');
};

describe('cursors', () => {
  it('round-trip an id and are opaque', () => {
    const id = newId();
    const cursor = encodeCursor(id);
    expect(cursor).not.toContain(id);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor)).toBe(id);
  });

  it('treat a missing cursor as the start', () => {
    expect(decodeCursor(null)).toBeNull();
    expect(decodeCursor(undefined)).toBeNull();
  });

  it.each([
    ['garbage', 'not-a-cursor'],
    ['base64 of a non-id', Buffer.from('c:1 or 1=1').toString('base64url')],
    ['base64 of an id without the prefix', Buffer.from(newId()).toString('base64url')],
    ['empty', ''],
  ])('refuse %s as BAD_USER_INPUT naming the argument', (_what, cursor) => {
    expect(codeAndField(() => decodeCursor(cursor, 'after'))).toEqual({ code: 'BAD_USER_INPUT', field: ['after'] });
  });
});

describe('pageSize', () => {
  it('defaults and caps', () => {
    expect(pageSize(undefined)).toBe(DEFAULT_PAGE_SIZE);
    expect(pageSize(null)).toBe(DEFAULT_PAGE_SIZE);
    expect(pageSize(1)).toBe(1);
    expect(pageSize(MAX_PAGE_SIZE)).toBe(MAX_PAGE_SIZE);
  });
  it.each([0, -1, MAX_PAGE_SIZE + 1, 1.5])('refuses %p', (first) => {
    expect(codeAndField(() => pageSize(first))).toEqual({ code: 'BAD_USER_INPUT', field: ['first'] });
  });
});

describe('toConnection', () => {
  it('builds edges, page info and total count', () => {
    const items = [{ id: newId() }, { id: newId() }];
    const connection = toConnection(items, true, 10, null, (i) => ({ ...i, seen: true }));
    expect(connection.edges.map((e) => decodeCursor(e.cursor))).toEqual(items.map((i) => i.id));
    expect(connection.edges[0].node).toEqual({ ...items[0], seen: true });
    expect(connection.pageInfo).toEqual({
      hasNextPage: true, hasPreviousPage: false, startCursor: connection.edges[0].cursor, endCursor: connection.edges[1].cursor,
    });
    expect(connection.totalCount).toBe(10);
  });
  it('an empty page has null cursors', () => {
    expect(toConnection([], false, 0, newId(), (i) => i).pageInfo).toEqual({
      hasNextPage: false, hasPreviousPage: true, startCursor: null, endCursor: null,
    });
  });
});
