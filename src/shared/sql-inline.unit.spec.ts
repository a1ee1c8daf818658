import { inlineParams } from './sql';

describe('inlineParams (BEGIN travels with the first statement)', () => {
  it('writes each parameter as an escaped literal, as pg would bind it', () => {
    const at = new Date('2026-11-23T15:00:00.123Z');
    const text = inlineParams(
      "select ?::uuid, ?::int, ?::text, ?::uuid[], ?::timestamptz, ?::jsonb, ? where x = 'a?b'",
      ['0190f1c2-0000-7000-8000-000000000001', 42, "it's \\ 'quoted'", ['a', 'b'], at, { k: "v'" }, null],
    )!;
    expect(text).toContain("'0190f1c2-0000-7000-8000-000000000001'::uuid, '42'::int,  E'it''s \\\\ ''quoted'''::text");
    expect(text).toContain(`'{"a","b"}'::uuid[]`);
    expect(text).toContain(`'{"k":"v''"}'::jsonb, NULL where x = 'a?b'`);
    expect(text).not.toContain('?::');
  });

  it('binary parameters and placeholder mismatches are left to binding (Postgres judges them as before)', () => {
    expect(inlineParams('select ?::bytea', [Buffer.from('x')])).toBeNull();
    expect(inlineParams('select ?::text', ['a\0b'])).toBeNull();
    expect(inlineParams('select ?, ?', [1])).toBeNull();
    expect(inlineParams('select ?', [1, 2])).toBeNull();
  });
});

describe('inlineParams with pg-style $n placeholders', () => {
  it('replaces $n outside quotes, reused numbers included', () => {
    expect(inlineParams("select $1::int, $2::text, $1::int, '$2' as lit", [7, "o'k"])).toBe("select '7'::int, 'o''k'::text, '7'::int, '$2' as lit");
    expect(inlineParams('select $1, $3', [1, 2, 3])).toBeNull();
    expect(inlineParams('select $2', [1])).toBeNull();
  });
});

describe('quoteLiteral', () => {
  it('quotes exactly as pg.escapeLiteral does', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { escapeLiteral } = require('pg') as { escapeLiteral(s: string): string };
    const { quoteLiteral } = require('./sql') as typeof import('./sql');
    for (const value of ['', 'plain', "it's", "''", '\\', "a\\'b", '{"k":"v\\"q\'"}', 'ünï ✓ \n\t', "x' or '1'='1"]) {
      expect(quoteLiteral(value)).toBe(escapeLiteral(value));
    }
  });
});
