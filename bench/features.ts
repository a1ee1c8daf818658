import fs from 'node:fs';
import path from 'node:path';
import { buildSchema, getNamedType, type GraphQLField, type GraphQLSchema } from 'graphql';

/**
 * What the API offers today, read from the committed SDL (schema/schema.graphql), so scenarios
 * for features that have not landed yet are skipped with a reason instead of failing.
 */
export class Features {
  private readonly schema: GraphQLSchema;

  constructor(root: string) {
    this.schema = buildSchema(fs.readFileSync(path.join(root, 'schema', 'schema.graphql'), 'utf8'));
  }

  query(name: string): GraphQLField<unknown, unknown> | undefined {
    return this.schema.getQueryType()?.getFields()[name];
  }

  mutation(name: string): GraphQLField<unknown, unknown> | undefined {
    return this.schema.getMutationType()?.getFields()[name];
  }

  /** The input type name of a mutation's `input:` argument, e.g. CheckoutInput. */
  inputType(mutation: string): string {
    const arg = this.mutation(mutation)?.args.find((a) => a.name === 'input');
    if (!arg) throw new Error(`bench: mutation ${mutation} has no input argument`);
    return getNamedType(arg.type).name;
  }

  /** Names of the fields of a type, to build selections that exist. */
  fieldsOf(typeName: string): string[] {
    const type = this.schema.getType(typeName);
    return type && 'getFields' in type ? Object.keys(type.getFields()) : [];
  }

  /** A reason to skip, or undefined when every named query/mutation exists. */
  missing(needs: { queries?: string[]; mutations?: string[] }): string | undefined {
    const q = (needs.queries ?? []).filter((n) => !this.query(n));
    const m = (needs.mutations ?? []).filter((n) => !this.mutation(n));
    if (q.length + m.length === 0) return undefined;
    return `not in schema/schema.graphql yet: ${[...q.map((n) => `query ${n}`), ...m.map((n) => `mutation ${n}`)].join(', ')}`;
  }
}
