import 'reflect-metadata';
import { GraphQLError, graphql, parse, subscribe, type ExecutionResult, type GraphQLSchema } from 'graphql';
import { buildSchema, type AuthChecker } from 'type-graphql';
import { DateTimeResolver } from 'graphql-scalars';
import type { Pool } from 'pg';
import type { Cache } from '../../../infrastructure/redis/cache';
import { createLogger } from '../../../infrastructure/logger';
import type { AppContext, Services } from '../../../graphql/context';
import type { AppPubSub } from '../../../graphql/pubsub';
import type { Clock } from '../../../shared/clock';
import type { AuthUser } from '../../identity';
import type { QueueAdmission } from '../../waiting-room';
import { ticketingQueryResolvers } from './index';
import { ticketingSubscriptionResolvers } from '../live';

/**
 * Test support (not a spec): a schema of ticketing's read side alone, until the module is
 * registered in the app, and a request context with only what these resolvers use.
 */
const authChecker: AuthChecker<AppContext> = ({ context }) => {
  if (!context.user) throw new GraphQLError('Sign in first', { extensions: { code: 'UNAUTHENTICATED' } });
  return true;
};

export function buildReadSchema(pubSub: AppPubSub): Promise<GraphQLSchema> {
  return buildSchema({
    resolvers: [...ticketingQueryResolvers, ...ticketingSubscriptionResolvers],
    authChecker,
    pubSub,
    validate: false,
    scalarsMap: [{ type: Date, scalar: DateTimeResolver }],
  });
}

export interface ReadServices {
  pool: Pool;
  cache: Cache;
  pubSub: AppPubSub;
  clock?: Clock;
  queueAdmission?: QueueAdmission | null;
}

const log = createLogger('silent');

export function contextOf(services: ReadServices, user: AuthUser | null = null): AppContext {
  const all = { clock: { now: () => new Date() }, log, ...services } as unknown as Services;
  return { requestId: 'test', user, badToken: false, ip: '127.0.0.1', services: all, loaders: {} as AppContext['loaders'], log };
}

export async function run<T = Record<string, any>>(
  schema: GraphQLSchema, context: AppContext, query: string, variables?: Record<string, unknown>,
): Promise<ExecutionResult<T>> {
  return (await graphql({ schema, source: query, contextValue: context, variableValues: variables })) as ExecutionResult<T>;
}

export async function ok<T = Record<string, any>>(
  schema: GraphQLSchema, context: AppContext, query: string, variables?: Record<string, unknown>,
): Promise<T> {
  const result = await run<T>(schema, context, query, variables);
  if (result.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(result.errors)}`);
  return result.data as T;
}

/** A GraphQL subscription as graphql-ws runs it (graphql-js `subscribe`), as an async iterator of results. */
export async function subscription(
  schema: GraphQLSchema, context: AppContext, query: string, variables?: Record<string, unknown>,
): Promise<AsyncIterableIterator<ExecutionResult>> {
  const result = await subscribe({ schema, document: parse(query), contextValue: context, variableValues: variables });
  if (!(Symbol.asyncIterator in result)) throw Object.assign(new Error(`subscription refused: ${JSON.stringify(result.errors)}`), { result });
  return result as AsyncIterableIterator<ExecutionResult>;
}
