import type { IncomingMessage, ServerResponse } from 'node:http';
import cors from 'cors';
import type { OriginPolicy } from './origin-policy';

/**
 * The CORS answer for every request, before the response cache and express see it: a preflight
 * (OPTIONS with Access-Control-Request-Method) is answered here and goes no further, so Apollo's
 * CSRF prevention never sees it and still guards simple requests. Bearer tokens, not cookies,
 * carry identity, so credentials are not allowed.
 */
export function corsHandler(policy: OriginPolicy): (req: IncomingMessage, res: ServerResponse, next: () => void) => void {
  const middleware = cors({
    origin: (origin, callback) => callback(null, origin !== undefined && policy.allows(origin)),
    methods: ['GET', 'POST', 'OPTIONS'],
    allowedHeaders: ['content-type', 'authorization', 'x-request-id', 'apollo-require-preflight', 'x-apollo-operation-name'],
    exposedHeaders: ['x-request-id', 'retry-after'],
    maxAge: 600,
    optionsSuccessStatus: 204,
  });
  return (req, res, next) => {
    // Every answer depends on Origin, also the ones that allow nothing (cors adds nothing to those):
    // a shared cache in between must not hand a refused origin's answer to an allowed one.
    res.setHeader('vary', 'Origin');
    middleware(req as never, res as never, next);
  };
}
