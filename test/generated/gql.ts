// The e2e tests' documents are the client package's (codegen writes them there).
export * from '../../client/src/generated/gql';
