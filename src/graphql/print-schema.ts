import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';

export function printAppSchema(schema: GraphQLSchema): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}
