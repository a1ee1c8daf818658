import {
  GraphQLError, Kind, type ASTVisitor, type FieldNode, type FragmentDefinitionNode,
  type SelectionSetNode, type ValidationContext, type ValidationRule,
} from 'graphql';

export interface QueryLimits {
  maxDepth: number;
  maxAliases: number;
  maxCost: number;
}

export const DEFAULT_LIMITS: QueryLimits = { maxDepth: 10, maxAliases: 30, maxCost: 20_000 };

/**
 * One validation rule for depth, aliases and cost. Cost counts every field once, times the
 * page size (`first` or `limit`, default 1) of each list above it, so `products(first: 100)`
 * nested inside another page of 100 costs 10,000. Applied on HTTP and graphql-ws alike.
 */
export function queryLimitsRule(limits: QueryLimits = DEFAULT_LIMITS): ValidationRule {
  return (context: ValidationContext): ASTVisitor => ({
    OperationDefinition(operation) {
      const fragments = new Map<string, FragmentDefinitionNode>();
      for (const def of context.getDocument().definitions) {
        if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
      }
      const stats = { depth: 0, aliases: 0, cost: 0 };
      walk(operation.selectionSet, 1, 1, fragments, stats, new Set());
      const fail = (what: string, value: number, max: number) =>
        context.reportError(new GraphQLError(`Query ${what} ${value} exceeds the limit of ${max}`, {
          nodes: [operation], extensions: { code: 'QUERY_TOO_COMPLEX' },
        }));
      if (stats.depth > limits.maxDepth) fail('depth', stats.depth, limits.maxDepth);
      if (stats.aliases > limits.maxAliases) fail('alias count', stats.aliases, limits.maxAliases);
      if (stats.cost > limits.maxCost) fail('cost', stats.cost, limits.maxCost);
    },
  });
}

function walk(
  set: SelectionSetNode, depth: number, multiplier: number,
  fragments: Map<string, FragmentDefinitionNode>, stats: { depth: number; aliases: number; cost: number }, seen: Set<string>,
): void {
  for (const selection of set.selections) {
    if (selection.kind === Kind.FIELD) {
      if (selection.name.value.startsWith('__')) continue;
      stats.depth = Math.max(stats.depth, depth);
      if (selection.alias) stats.aliases += 1;
      stats.cost += multiplier;
      if (selection.selectionSet) walk(selection.selectionSet, depth + 1, multiplier * pageArg(selection), fragments, stats, seen);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      walk(selection.selectionSet, depth, multiplier, fragments, stats, seen);
    } else {
      const fragment = fragments.get(selection.name.value);
      if (fragment && !seen.has(fragment.name.value)) {
        walk(fragment.selectionSet, depth, multiplier, fragments, stats, new Set([...seen, fragment.name.value]));
      }
    }
  }
}

function pageArg(field: FieldNode): number {
  const arg = field.arguments?.find((a) => a.name.value === 'first' || a.name.value === 'limit');
  if (!arg) return 1;
  // A variable's value is unknown at validation time: assume the largest page.
  if (arg.value.kind === Kind.INT) return Math.max(1, Number(arg.value.value));
  return arg.value.kind === Kind.VARIABLE ? 100 : 1;
}
