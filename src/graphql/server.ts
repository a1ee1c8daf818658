import http from 'node:http';
import { randomUUID } from 'node:crypto';
import express from 'express';
import { ApolloServer } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { WebSocketServer } from 'ws';
import { useServer } from 'graphql-ws/use/ws';
import { GraphQLError, parse, specifiedRules, validate, type GraphQLFormattedError, type GraphQLSchema } from 'graphql';
import { createContext, type AppContext, type Services } from './context';
import { queryLimitsRule } from './limits';
import { parseLimited, parseOptions } from './limits-parse';
import { unsafeStringError, unsafeStringsPlugin } from './limits-strings';
import { introspectionRules, withoutSuggestions } from './limits-production';
import { closeAtTokenExpiry, expiredTokenError } from './ws-token-expiry';
import { WsLimits } from './ws-limits';
import { isPublicError, maskError } from './errors';
import { observabilityPlugin } from './apollo-plugins';
import { connectionAuthorization } from './ws-auth';
import { graphiqlRoutes } from './landing/graphiql';
import { healthRoutes, type HealthChecks } from '../infrastructure/http/health';
import { clientIp } from '../infrastructure/http/client-ip';
import { corsHandler } from '../infrastructure/http/cors';
import { OriginPolicy } from '../infrastructure/http/origin-policy';
import { ResponseCache } from './response-cache';
import { cacheableFields } from './cacheable-queries';
import { modules } from '../modules';

export const BODY_LIMIT = '100kb';

export interface GraphQLServer {
  server: http.Server;
  /** Stop taking requests, let in-flight ones finish, close sockets. */
  stop(): Promise<void>;
}

export async function startGraphQLServer(
  schema: GraphQLSchema, services: Services, checks: HealthChecks, port: number,
): Promise<GraphQLServer> {
  const app = express();
  app.disable('x-powered-by');
  // Public allowlisted queries are answered from cached responses before express; the rest goes on to it.
  const responseCache = new ResponseCache(schema, services.cache, cacheableFields(modules, services), services.log, services.config.responseCache);
  // Once stop() begins, a request that still arrives (on a kept-alive socket) is refused before
  // anything runs: the drain may already have ended that socket, so an answer could never reach
  // the client, and a checkout done for nobody is worse than one refused (measured: SIGTERM under
  // load left committed orders whose clients saw only a closed connection).
  const health = { shuttingDown: false };
  const handle = responseCache.front(app);
  const origins = new OriginPolicy(services.config.corsOrigins);
  const cors = corsHandler(origins);
  const limits = services.config.http;
  const server = http.createServer(
    {
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      keepAliveTimeout: limits.keepAliveSeconds * 1000,
      // How often Node looks for sockets past those timeouts (default 30 s would stretch a 10 s limit to 40 s).
      connectionsCheckingInterval: Math.min(1_000, limits.headersTimeoutMs),
    },
    (req, res) => (health.shuttingDown ? refuseWhileStopping(res) : cors(req, res, () => handle(req, res))),
  );
  server.maxConnections = limits.maxConnections;
  const production = services.config.nodeEnv === 'production';
  const rules = [queryLimitsRule(services.config.queryLimits), ...introspectionRules(production)];

  // A browser always sends Origin on a WebSocket upgrade and CORS does not cover WebSockets:
  // without this check any site could open a socket with a token it got hold of.
  const wsServer = new WebSocketServer({
    server, path: '/graphql', maxPayload: 100 * 1024,
    verifyClient: ({ req }, done) => (origins.allowsOnHost(req.headers.origin, req.headers.host) ? done(true) : done(false, 403, 'Origin not allowed')),
  });
  const wsLimits = new WsLimits(services.config.wsCaps);
  const wsCleanup = useServer<Record<string, unknown>, { appContext?: AppContext }>(
    {
      schema,
      // The token is read once, at connection_init, and judged as the HTTP header is: a missing or
      // bad one does not close the socket; protected fields answer UNAUTHENTICATED as over HTTP.
      onConnect: async (ctx) => {
        const user = await services.tokens.fromHeader(connectionAuthorization(ctx.connectionParams));
        const { socket, headers } = ctx.extra.request;
        const ip = clientIp(socket.remoteAddress, headers['x-forwarded-for'], services.config.trustProxyHops);
        ctx.extra.appContext = createContext(services, randomUUID(), user, ip);
        closeAtTokenExpiry(ctx.extra.socket, user);
        return wsLimits.admitSocket(ctx.extra.socket, ip, user?.id);
      },
      // Apollo's validation rules do not reach graphql-ws: apply the same limits here.
      onSubscribe: (ctx, _id, payload) => {
        let document;
        try {
          document = parseLimited(payload.query, services.config.queryLimits);
        } catch (err) {
          // A syntax error is the client's: answer it on this operation instead of closing the socket.
          if (err instanceof GraphQLError) return [withCode(err, 'GRAPHQL_PARSE_FAILED')];
          throw err;
        }
        // Coded as Apollo codes them over HTTP, so onError's masking lets them through.
        const errors = validate(schema, document, [...specifiedRules, ...rules]);
        if (errors.length > 0) return errors.map((e) => withCode(withoutSuggestions(e, production), 'GRAPHQL_VALIDATION_FAILED'));
        const unsafe = unsafeStringError(document, payload.operationName, payload.variables);
        if (unsafe) return [unsafe];
        const base = ctx.extra.appContext!;
        const expired = expiredTokenError(ctx.extra.socket, base.user);
        if (expired) return [expired];
        const capped = wsLimits.admitSubscription(ctx.extra.socket, _id, base.user?.id, document, payload.operationName);
        if (capped) return [capped];
        return {
          schema, document, variableValues: payload.variables, operationName: payload.operationName,
          // null (not undefined) marks a bad token, so the message is the HTTP one.
          contextValue: createContext(services, randomUUID(), base.badToken ? null : base.user ?? undefined, base.ip),
        };
      },
      // The same masking as HTTP: internals never reach a client, unexpected errors are logged.
      onNext: (_ctx, _id, _payload, args, result) => {
        if (!result.errors?.length) return;
        logUnexpected(args.contextValue as AppContext, result.errors);
        return { ...result, errors: result.errors.map((e) => withoutHttp(maskError(e.toJSON()))) };
      },
      onComplete: (ctx, id) => wsLimits.release(ctx.extra.socket, id, ctx.extra.appContext?.user?.id),
      onError: (_ctx, _id, _payload, errors) => {
        services.log.warn({ errors: errors.map((e) => e.message) }, 'graphql-ws operation failed');
        return errors.map((e) => maskError(e.toJSON()));
      },
    },
    wsServer,
  );

  const apollo = new ApolloServer<AppContext>({
    schema,
    introspection: !production,
    hideSchemaDetailsFromClientErrors: production,
    csrfPrevention: true,
    validationRules: rules,
    parseOptions: parseOptions(services.config.queryLimits),
    formatError: maskError,
    includeStacktraceInErrorResponses: false,
    // main.ts owns SIGTERM/SIGINT (graceful stop of every role). Apollo's own handlers (on by
    // default outside NODE_ENV=test) raced it: app.stop() never finished and every stop took
    // the whole 15 s grace period and exited 1.
    stopOnTerminationSignals: false,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer: server }),
      // LANDING_PAGE=sandbox: Apollo's (from its CDN); graphiql is served by graphiqlRoutes below.
      services.config.landingPage === 'sandbox' ? ApolloServerPluginLandingPageLocalDefault({ embed: true }) : ApolloServerPluginLandingPageDisabled(),
      observabilityPlugin,
      unsafeStringsPlugin,
      // Nothing sets cache hints (caching is the response cache's and Redis's job), and the
      // default cache-control plugin wraps every field resolver: products(first: 20) executed
      // in 287 -> 152 µs without it (microbenchmark, same process).
      ApolloServerPluginCacheControlDisabled(),
      { async serverWillStart() { return { async drainServer() { await wsCleanup.dispose(); } }; } },
    ],
  });
  await apollo.start();

  app.use(healthRoutes(checks, health, { token: services.config.metricsToken, production }));
  if (services.config.landingPage === 'graphiql') app.use(graphiqlRoutes());
  // GET / points a browser at the landing page.
  if (services.config.landingPage !== 'off') app.get('/', (_req, res) => res.redirect(302, '/graphql'));
  app.use(
    '/graphql',
    express.json({ limit: BODY_LIMIT }),
    responseCache.forwardBodyError,
    expressMiddleware(apollo, {
      context: async ({ req, res }) => {
        const requestId = String(req.headers['x-request-id'] ?? '').slice(0, 64) || randomUUID();
        res.setHeader('x-request-id', requestId);
        const user = await services.tokens.fromHeader(req.headers.authorization);
        const ip = clientIp(req.socket.remoteAddress, req.headers['x-forwarded-for'], services.config.trustProxyHops);
        return createContext(services, requestId, user, ip);
      },
    }),
  );
  app.use(bodyErrors);

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, resolve);
  });

  return {
    server,
    stop: () => {
      health.shuttingDown = true;
      return apollo.stop();
    },
  };
}

function refuseWhileStopping(res: http.ServerResponse): void {
  const error = new GraphQLError('The server is shutting down; nothing was done. Try again.', { extensions: { code: 'SERVICE_UNAVAILABLE' } });
  res.writeHead(503, { 'content-type': 'application/json; charset=utf-8', connection: 'close', 'retry-after': '1' });
  res.end(JSON.stringify({ errors: [error.toJSON()] }));
}

/** express.json's failures (too large, not JSON) answered as GraphQL-shaped errors. */
function bodyErrors(err: { status?: number; type?: string; message: string }, _req: express.Request, res: express.Response, next: express.NextFunction) {
  if (!err.status || err.status >= 500) return next(err);
  const error = new GraphQLError(
    err.type === 'entity.too.large' ? `Request body exceeds ${BODY_LIMIT}` : 'Request body is not valid JSON',
    { extensions: { code: 'BAD_REQUEST' } },
  );
  res.status(err.status).json({ errors: [error.toJSON()] });
}

function logUnexpected(context: AppContext, errors: readonly GraphQLError[]): void {
  for (const error of errors) {
    if (isPublicError(error.toJSON())) continue;
    context.log.error({ err: error.originalError ?? error, path: error.path }, 'unexpected error');
  }
}

/** `extensions.http` is Apollo's instruction for the HTTP status; Apollo drops it from HTTP answers, so graphql-ws does too. */
function withoutHttp(error: GraphQLFormattedError): GraphQLFormattedError {
  if (!error.extensions || !('http' in error.extensions)) return error;
  const { http: _drop, ...extensions } = error.extensions;
  return { ...error, extensions };
}

/** The error with `code` unless it already has one (the limits rule's QUERY_TOO_COMPLEX stays). */
function withCode(error: GraphQLError, code: string): GraphQLError {
  if (error.extensions.code) return error;
  return new GraphQLError(error.message, {
    nodes: error.nodes, source: error.source, positions: error.positions, path: error.path,
    originalError: error.originalError, extensions: { ...error.extensions, code },
  });
}
