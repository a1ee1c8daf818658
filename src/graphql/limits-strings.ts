import {
  GraphQLError, Kind, type DocumentNode, type OperationDefinitionNode, type ValueNode,
} from 'graphql';
import type { ApolloServerPlugin } from '@apollo/server';

/**
 * Strings no input may carry. Postgres refuses NUL in text (the request ended in
 * INTERNAL_SERVER_ERROR), and a lone surrogate has no UTF-8 form: it was stored as U+FFFD, so
 * two different idempotency keys became one. Checked once per request, over the document's
 * literals and the variables, before anything runs, on HTTP (plugin) and graphql-ws alike.
 */
const UNSAFE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function isUnsafeString(value: string): boolean {
  return UNSAFE.test(value);
}

/** The first unsafe string in the operation's arguments or in the variables, as BAD_USER_INPUT naming where it is. */
export function unsafeStringError(
  document: DocumentNode, operationName: string | null | undefined, variables: Record<string, unknown> | null | undefined,
): GraphQLError | undefined {
  const field = findInValue(variables ?? {}, []) ?? findInLiterals(document, operationName);
  if (!field) return undefined;
  return new GraphQLError(`"${field.join('.')}" contains a NUL character or an unpaired surrogate`, {
    extensions: { code: 'BAD_USER_INPUT', field, http: { status: 400 } },
  });
}

function findInValue(value: unknown, path: string[]): string[] | undefined {
  if (typeof value === 'string') return isUnsafeString(value) ? path : undefined;
  if (value === null || typeof value !== 'object') return undefined;
  for (const [key, inner] of Object.entries(value)) {
    if (isUnsafeString(key)) return [...path, key];
    const found = findInValue(inner, [...path, key]);
    if (found) return found;
  }
  return undefined;
}

function findInLiterals(document: DocumentNode, operationName: string | null | undefined): string[] | undefined {
  // Fragments may hold arguments too; literals are the same whichever operation runs, so all are checked.
  for (const def of document.definitions) {
    if (def.kind !== Kind.OPERATION_DEFINITION && def.kind !== Kind.FRAGMENT_DEFINITION) continue;
    if (def.kind === Kind.OPERATION_DEFINITION && operationName && (def as OperationDefinitionNode).name?.value !== operationName) continue;
    const found = findInSelections(def.selectionSet.selections);
    if (found) return found;
  }
  return undefined;
}

function findInSelections(selections: OperationDefinitionNode['selectionSet']['selections']): string[] | undefined {
  for (const selection of selections) {
    if (selection.kind === Kind.FIELD) {
      for (const arg of selection.arguments ?? []) {
        const found = findInLiteral(arg.value, [arg.name.value]);
        if (found) return found;
      }
    }
    if (selection.kind !== Kind.FRAGMENT_SPREAD && selection.selectionSet) {
      const found = findInSelections(selection.selectionSet.selections);
      if (found) return found;
    }
  }
  return undefined;
}

function findInLiteral(value: ValueNode, path: string[]): string[] | undefined {
  if (value.kind === Kind.STRING) return isUnsafeString(value.value) ? path : undefined;
  if (value.kind === Kind.LIST) {
    for (const [i, item] of value.values.entries()) {
      const found = findInLiteral(item, [...path, String(i)]);
      if (found) return found;
    }
  }
  if (value.kind === Kind.OBJECT) {
    for (const f of value.fields) {
      const found = findInLiteral(f.value, [...path, f.name.value]);
      if (found) return found;
    }
  }
  return undefined;
}

/** Apollo's half: refuses the request once the operation is known, before any resolver runs. */
export const unsafeStringsPlugin: ApolloServerPlugin = {
  async requestDidStart() {
    return {
      async didResolveOperation({ document, request }) {
        const error = unsafeStringError(document, request.operationName, request.variables);
        if (error) throw error;
      },
    };
  },
};
