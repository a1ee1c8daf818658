import {
  GraphQLError, Kind, print, type ASTNode, type ASTVisitor, type FieldNode, type FragmentDefinitionNode,
  type SelectionSetNode, type ValidationContext, type ValidationRule,
} from 'graphql';

export interface QueryLimits {
  maxDepth: number;
  maxAliases: number;
  maxCost: number;
  /** Tokens a document may have; parsing stops at the next one (QUERY_MAX_TOKENS). See limits-parse.ts. */
  maxTokens: number;
  /** Field selections in the document as written (QUERY_MAX_FIELDS). */
  maxFields: number;
  /** Different argument sets one weighted field may be asked with in one document (QUERY_MAX_DISTINCT_ARGS). */
  maxDistinctArgs?: number;
}

/**
 * Fields whose every distinct argument set is its own uncached database query (a ranking over a
 * window): each counts this much in the cost, instead of 1, and is bounded in distinct argument
 * sets. 30 aliases of popularProducts with distinct arguments cost 0.5–0.7 s of Postgres.
 */
export const FIELD_WEIGHTS: Readonly<Record<string, number>> = { popularProducts: 500, recommendedProducts: 200 };
export const DEFAULT_MAX_DISTINCT_ARGS = 5;

export const DEFAULT_LIMITS: QueryLimits = { maxDepth: 10, maxAliases: 30, maxCost: 20_000, maxTokens: 3_000, maxFields: 500 };

/** Depth below the selection set, aliases and cost (fields × page sizes), measured at multiplier 1. */
interface Stats {
  depth: number;
  aliases: number;
  cost: number;
}

/**
 * One validation rule for depth, aliases and cost. Cost counts every field once, times the
 * page size (`first` or `limit`, default 1) of each list above it, so `products(first: 100)`
 * nested inside another page of 100 costs 10,000. Applied on HTTP and graphql-ws alike.
 *
 * Introspection fields (`__schema`, `__type`, `__typename`) count towards aliases and cost but
 * their subtrees are exempt from depth and cost, so tools' introspection queries (about 13 deep)
 * keep working; an aliased `__schema` still counts, so introspection cannot be multiplied.
 * Fragments are measured once each (memoised): a chain of fragments each spreading the next
 * twice costs the validator linear time, and its exponential expansion is reported as cost.
 */
export function queryLimitsRule(limits: QueryLimits = DEFAULT_LIMITS): ValidationRule {
  return (context: ValidationContext): ASTVisitor => {
    let fields = 0;
    const argumentSets = new Map<string, Set<string>>();
    const tooMuch = (what: string, value: number, max: number, node: ASTNode) =>
      context.reportError(new GraphQLError(`Query ${what} ${value} exceeds the limit of ${max}`, {
        nodes: [node], extensions: { code: 'QUERY_TOO_COMPLEX' },
      }));
    return {
      // Fields as written, whatever they select: 4,500 copies of one field merge into one for the
      // cost measure, but every copy is work for validation and execution.
      Field(node) {
        fields += 1;
        if (FIELD_WEIGHTS[node.name.value] === undefined) return;
        const sets = argumentSets.get(node.name.value) ?? new Set<string>();
        sets.add((node.arguments ?? []).map((a) => `${a.name.value}:${print(a.value)}`).sort().join(','));
        argumentSets.set(node.name.value, sets);
      },
      Document: {
        leave(document) {
          if (fields > limits.maxFields) tooMuch('field count', fields, limits.maxFields, document);
          const maxSets = limits.maxDistinctArgs ?? DEFAULT_MAX_DISTINCT_ARGS;
          for (const [name, sets] of argumentSets) {
            if (sets.size > maxSets) tooMuch(`${name} distinct argument sets`, sets.size, maxSets, document);
          }
        },
      },
      OperationDefinition(operation) {
        const fragments = new Map<string, FragmentDefinitionNode>();
        for (const def of context.getDocument().definitions) {
          if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
        }
        const stats = measure(operation.selectionSet, fragments, new Map());
        if (stats.depth > limits.maxDepth) tooMuch('depth', stats.depth, limits.maxDepth, operation);
        if (stats.aliases > limits.maxAliases) tooMuch('alias count', stats.aliases, limits.maxAliases, operation);
        if (stats.cost > limits.maxCost) tooMuch('cost', stats.cost, limits.maxCost, operation);
      },
    };
  };
}

/** `memo` holds finished fragments, and `null` for one being measured (a cycle, which NoFragmentCycles reports). */
function measure(set: SelectionSetNode, fragments: Map<string, FragmentDefinitionNode>, memo: Map<string, Stats | null>): Stats {
  const total: Stats = { depth: 0, aliases: 0, cost: 0 };
  const add = (inner: Stats, depthOffset: number, multiplier: number) => {
    total.depth = Math.max(total.depth, inner.depth + depthOffset);
    total.aliases += inner.aliases; // aliases are counted as written, not per list item
    total.cost += inner.cost * multiplier;
  };
  for (const selection of set.selections) {
    if (selection.kind === Kind.FIELD) {
      if (selection.alias) total.aliases += 1;
      total.cost += FIELD_WEIGHTS[selection.name.value] ?? 1;
      if (selection.name.value.startsWith('__')) continue;
      total.depth = Math.max(total.depth, 1);
      if (selection.selectionSet) add(measure(selection.selectionSet, fragments, memo), 1, pageArg(selection));
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      add(measure(selection.selectionSet, fragments, memo), 0, 1);
    } else {
      const name = selection.name.value;
      const fragment = fragments.get(name);
      const known = memo.get(name);
      if (!fragment || known === null) continue;
      if (known) {
        add(known, 0, 1);
        continue;
      }
      memo.set(name, null);
      const measured = measure(fragment.selectionSet, fragments, memo);
      memo.set(name, measured);
      add(measured, 0, 1);
    }
  }
  return total;
}

function pageArg(field: FieldNode): number {
  const arg = field.arguments?.find((a) => a.name.value === 'first' || a.name.value === 'limit');
  if (!arg) return 1;
  // A variable's value is unknown at validation time: assume the largest page.
  if (arg.value.kind === Kind.INT) return Math.max(1, Number(arg.value.value));
  return arg.value.kind === Kind.VARIABLE ? 100 : 1;
}
