import { toPositional, withCtes } from './sql';

describe('sql helpers', () => {
  it('numbers ? placeholders outside quoted literals', () => {
    expect(toPositional("select ? as a, '?' as b, ?::int as c where x = 'it''s ?' and y = ?"))
      .toBe("select $1 as a, '?' as b, $2::int as c where x = 'it''s ?' and y = $3");
  });

  it('joins CTEs in order, their params before the final statement\'s', () => {
    const statement = withCtes(
      [['a', { text: 'insert into t values (?) returning 1', params: [1] }], ['b', { text: 'select ? from a', params: [2] }]],
      { text: 'select ? from b', params: [3] },
    );
    expect(statement.text).toBe('with a as (insert into t values (?) returning 1),\nb as (select ? from a)\nselect ? from b');
    expect(statement.params).toEqual([1, 2, 3]);
    expect(withCtes([], { text: 'select 1', params: [] })).toEqual({ text: 'select 1', params: [] });
  });
});
