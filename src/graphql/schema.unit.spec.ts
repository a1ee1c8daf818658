import { readFileSync } from 'node:fs';
import { buildAppSchema, SCHEMA_FILE } from './schema';
import { printAppSchema } from './print-schema';

describe('schema/schema.graphql', () => {
  it('is what the resolvers build (run `npm run schema:emit` and commit the file when this fails)', async () => {
    const built = printAppSchema(await buildAppSchema());
    const committed = readFileSync(SCHEMA_FILE, 'utf8');
    expect(committed).toBe(built);
  });
});
