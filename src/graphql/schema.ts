import 'reflect-metadata';
import path from 'node:path';
import { GraphQLError, type GraphQLSchema } from 'graphql';
import { buildSchema, type AuthChecker } from 'type-graphql';
import { DateTimeResolver } from 'graphql-scalars';
import type { AppContext } from './context';
import { createAppPubSub, type AppPubSub } from './pubsub';
import { modules } from '../modules';
import { mergeErrorCodes, registerErrorCodes } from './error-code';
import { installIdNormalisation } from './id-normalisation';

/** Every module's resolvers, in module order. */
export const resolvers = modules.flatMap((m) => m.resolvers);

export const SCHEMA_FILE = path.join(process.cwd(), 'schema', 'schema.graphql');

/** `@Authorized()` needs a valid token; `@Authorized('ADMIN')` also that role. */
export const authChecker: AuthChecker<AppContext> = async ({ context, info }, roles) => {
  if (!context.user) {
    throw new GraphQLError(context.badToken ? 'Your token is invalid or expired' : 'Sign in first', {
      extensions: { code: 'UNAUTHENTICATED', http: { status: 200 } },
    });
  }
  // A token's role is as old as the token: admin operations and writes check the account as it is now.
  let role = context.user.role;
  if (roles.length > 0 || info.operation.operation === 'mutation') {
    const current = await context.services.modules.identity.currentUsers.role(context.user.id);
    if (current === null) throw new GraphQLError('Your account no longer exists', { extensions: { code: 'UNAUTHENTICATED', http: { status: 200 } } });
    role = current;
  }
  if (roles.length > 0 && !roles.includes(role)) {
    throw new GraphQLError('You may not do this', { extensions: { code: 'FORBIDDEN' } });
  }
  return true;
};

/** `pubSub`: the process's PubSub (Services.pubSub); a throwaway one is enough to emit the SDL. */
export function buildAppSchema(options: { emitSchemaFile?: boolean; pubSub?: AppPubSub } = {}): Promise<GraphQLSchema> {
  registerErrorCodes(mergeErrorCodes(modules.map((m) => m.errorCodes ?? {})));
  installIdNormalisation();
  return buildSchema({
    resolvers: resolvers as unknown as [Function, ...Function[]],
    authChecker,
    pubSub: options.pubSub ?? createAppPubSub(),
    // Inputs are validated by runCommand so failures come back as userErrors, not exceptions.
    validate: false,
    scalarsMap: [{ type: Date, scalar: DateTimeResolver }],
    emitSchemaFile: options.emitSchemaFile ? { path: SCHEMA_FILE, sortedSchema: true } : false,
  });
}
