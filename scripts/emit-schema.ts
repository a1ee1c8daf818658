import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { buildAppSchema, SCHEMA_FILE } from '../src/graphql/schema';
import { printAppSchema } from '../src/graphql/print-schema';

/** Writes schema/schema.graphql from the type-graphql resolvers (sorted, so diffs stay small). */
buildAppSchema().then((schema) => {
  writeFileSync(SCHEMA_FILE, printAppSchema(schema));
  console.log(`wrote ${SCHEMA_FILE}`);
});
