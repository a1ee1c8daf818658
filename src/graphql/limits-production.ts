import { GraphQLError, NoSchemaIntrospectionCustomRule, type ValidationRule } from 'graphql';

/**
 * What production keeps from clients on both transports. Apollo's `introspection: false` and
 * `hideSchemaDetailsFromClientErrors` cover HTTP only; graphql-ws validates on its own, so it
 * answered `__schema` in production and named fields in "Did you mean …?" suggestions.
 */
export function introspectionRules(production: boolean): ValidationRule[] {
  return production ? [NoSchemaIntrospectionCustomRule] : [];
}

/** The same rewrite Apollo's hideSchemaDetailsFromClientErrors does: the suggestion goes, the error stays. */
const SUGGESTION = / ?Did you mean(.+?)\?$/;

export function withoutSuggestions(error: GraphQLError, production: boolean): GraphQLError {
  if (!production || !SUGGESTION.test(error.message)) return error;
  return new GraphQLError(error.message.replace(SUGGESTION, ''), {
    nodes: error.nodes, source: error.source, positions: error.positions, path: error.path,
    originalError: error.originalError, extensions: error.extensions,
  });
}
