import {
  getArgumentValues, getNamedType, isObjectType, Kind, type FieldNode, type GraphQLResolveInfo, type SelectionSetNode,
} from 'graphql';

/**
 * The arguments of the first `field` selected directly under the current field (through inline
 * fragments and fragment spreads, aliases included), with variables applied; undefined when the
 * selection does not ask for it. For resolvers that fetch a child field in their own round trip:
 * a guess only — the child's resolver must still check the arguments it gets against what was
 * fetched (an aliased second selection with other arguments, or one under @skip, may differ).
 */
export function selectedFieldArgs(info: GraphQLResolveInfo, field: string): Record<string, unknown> | undefined {
  const parent = getNamedType(info.returnType);
  if (!isObjectType(parent)) return undefined;
  const definition = parent.getFields()[field];
  if (!definition) return undefined;
  const node = info.fieldNodes.map((n) => findField(n.selectionSet, field, info)).find((n) => n !== undefined);
  if (!node) return undefined;
  try {
    return getArgumentValues(definition, node, info.variableValues);
  } catch {
    return undefined; // bad arguments: the child's resolver reports them itself
  }
}

function findField(set: SelectionSetNode | undefined, field: string, info: GraphQLResolveInfo): FieldNode | undefined {
  if (!set) return undefined;
  for (const selection of set.selections) {
    if (selection.kind === Kind.FIELD) {
      if (selection.name.value === field) return selection;
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      const found = findField(selection.selectionSet, field, info);
      if (found) return found;
    } else {
      const found = findField(info.fragments[selection.name.value]?.selectionSet, field, info);
      if (found) return found;
    }
  }
  return undefined;
}
