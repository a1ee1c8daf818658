import type { CodegenConfig } from '@graphql-codegen/cli';

/**
 * Typed client for frontends and the e2e tests: TypedDocumentNodes for every operation in
 * schema/operations, checked against the committed schema. `npm run codegen`.
 */
const config: CodegenConfig = {
  schema: 'schema/schema.graphql',
  documents: ['schema/operations/**/*.graphql'],
  ignoreNoDocuments: false,
  generates: {
    'test/generated/': {
      preset: 'client',
      config: { scalars: { DateTime: 'string' }, enumsAsTypes: true, useTypeImports: true },
      presetConfig: { fragmentMasking: false },
    },
  },
};

export default config;
