import { buildSchema, parse, specifiedRules, validate } from 'graphql';
import { queryLimitsRule, type QueryLimits } from './limits';

// A small self-referencing schema so depth, lists and fragments can be exercised freely.
const schema = buildSchema(`
  type Query { node: Node, nodes(first: Int): [Node!]! }
  type Node { id: ID!, name: String, child: Node, children(first: Int): [Node!]! }
`);
const LIMITS: QueryLimits = { maxDepth: 5, maxAliases: 3, maxCost: 1_000, maxTokens: 1_000, maxFields: 50 };

function problems(query: string, limits = LIMITS): string[] {
  return validate(schema, parse(query), [...specifiedRules, queryLimitsRule(limits)])
    .filter((e) => e.extensions.code === 'QUERY_TOO_COMPLEX')
    .map((e) => e.message);
}

describe('queryLimitsRule', () => {
  it('accepts a query within every limit', () => {
    expect(problems('{ node { id child { id name } } nodes(first: 10) { id } }')).toEqual([]);
  });

  it('refuses depth over the limit, counting nested fields', () => {
    expect(problems('{ node { child { child { child { id } } } } }')).toEqual([]); // depth 5
    expect(problems('{ node { child { child { child { child { id } } } } } }')).toEqual(['Query depth 6 exceeds the limit of 5']);
  });

  it('counts depth through fragments and inline fragments', () => {
    const query = `
      query { node { ...Deep } }
      fragment Deep on Node { child { ... on Node { child { child { child { id } } } } } }`;
    expect(problems(query)).toEqual(['Query depth 6 exceeds the limit of 5']);
  });

  it('refuses more aliases than allowed, introspection aliases included', () => {
    expect(problems('{ a: node { id } b: node { id } c: node { id } }')).toEqual([]);
    expect(problems('{ a: node { id } b: node { id } c: node { id } d: node { id } }')).toEqual(['Query alias count 4 exceeds the limit of 3']);
    expect(problems('{ a: __typename b: __typename c: __typename d: __typename }')).toEqual(['Query alias count 4 exceeds the limit of 3']);
    expect(problems('{ a: __schema { types { name } } b: __schema { types { name } } c: __schema { types { name } } d: __schema { types { name } } }'))
      .toEqual(['Query alias count 4 exceeds the limit of 3']);
  });

  it('costs fields times the page sizes above them', () => {
    // nodes(first: 10) { id children(first: 10) { id name } }: 1 + 10 × (1 + 1 + 10 × 2) = 221
    expect(problems('{ nodes(first: 10) { id children(first: 10) { id name } } }')).toEqual([]);
    // 1 + 100 × (1 + 1 + 10 × 1) = 1,201
    expect(problems('{ nodes(first: 100) { id children(first: 10) { id } } }')).toEqual(['Query cost 1201 exceeds the limit of 1000']);
  });

  it('assumes the largest page for a variable page size', () => {
    // 1 + 100 × (1 + 100 × 1) = 10,101
    expect(problems('query($n: Int) { nodes(first: $n) { children(first: $n) { id } } }')).toEqual(['Query cost 10101 exceeds the limit of 1000']);
  });

  it('leaves the introspection query tools send alone', () => {
    const deep = `{ __schema { types { fields { type { ofType { ofType { ofType { ofType { ofType { ofType { name } } } } } } } } } } }`;
    expect(problems(deep)).toEqual([]);
  });

  it('measures a fragment bomb in linear time and refuses it by cost', () => {
    // F0 spreads F1 twice, F1 spreads F2 twice … 2^40 leaves if walked naively.
    const levels = 40;
    const fragments = Array.from({ length: levels }, (_, i) =>
      `fragment F${i} on Node { ...F${i + 1} child { ...F${i + 1} } }`).join('\n');
    const query = `{ node { ...F0 } }\n${fragments}\nfragment F${levels} on Node { id }`;
    const started = Date.now();
    const found = problems(query, { ...LIMITS, maxDepth: 1_000 });
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(found).toEqual([expect.stringMatching(/^Query cost \d+ exceeds the limit of 1000$/)]);
  });

  it('does not loop on a fragment cycle (graphql reports the cycle itself)', () => {
    const errors = validate(schema, parse('{ node { ...A } } fragment A on Node { child { ...B } } fragment B on Node { child { ...A } }'), [...specifiedRules, queryLimitsRule(LIMITS)]);
    expect(errors.map((e) => e.message).join('\n')).toMatch(/Cannot spread fragment "A" within itself/);
  });
});
