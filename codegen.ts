import type { CodegenConfig } from '@graphql-codegen/cli';

/**
 * The typed documents of @stampede/client (client/src/generated/, not committed): a
 * TypedDocumentNode for every operation in schema/operations, checked against the committed
 * schema. The e2e tests and the storefront use them through the package. `npm run codegen`.
 */
const config: CodegenConfig = {
  schema: 'schema/schema.graphql',
  documents: ['schema/operations/**/*.graphql'],
  ignoreNoDocuments: false,
  generates: {
    'client/src/generated/': {
      preset: 'client',
      config: { scalars: { DateTime: 'string', SafeInt: 'number' }, enumsAsTypes: true, useTypeImports: true },
      presetConfig: { fragmentMasking: false },
    },
  },
};

export default config;
