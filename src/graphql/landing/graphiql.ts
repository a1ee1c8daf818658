import path from 'node:path';
import { Router, type Request } from 'express';
import { GRAPHIQL_START_JS } from './graphiql-start';

/**
 * The development landing page: GraphiQL from npm (graphiql 3's browser build on React 18, the
 * graphql-ws browser build), every file served by this process. Apollo Sandbox loads from a CDN
 * and is blank offline; this page needs nothing from outside, and its Content-Security-Policy
 * makes the browser refuse anything from elsewhere should a future build try.
 */
const ASSETS: Record<string, { pkg: string; file: string; type: string }> = {
  'react.js': { pkg: 'react', file: 'umd/react.production.min.js', type: 'text/javascript' },
  'react-dom.js': { pkg: 'react-dom', file: 'umd/react-dom.production.min.js', type: 'text/javascript' },
  'graphql-ws.js': { pkg: 'graphql-ws', file: 'umd/graphql-ws.min.js', type: 'text/javascript' },
  'graphiql.js': { pkg: 'graphiql', file: 'graphiql.min.js', type: 'text/javascript' },
  'graphiql.css': { pkg: 'graphiql', file: 'graphiql.min.css', type: 'text/css' },
};

const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  // React components (radix, emotion) set inline styles; GraphiQL's fonts are data: URIs.
  "style-src 'self' 'unsafe-inline'",
  "font-src 'self' data:",
  "img-src 'self' data:",
  "connect-src 'self' ws: wss:",
  "frame-ancestors 'none'",
].join('; ');

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>stampede · GraphiQL</title>
<link rel="stylesheet" href="/graphiql/graphiql.css">
<style>html, body, #graphiql { height: 100%; margin: 0; }</style>
</head>
<body>
<div id="graphiql">Loading GraphiQL…</div>
<script src="/graphiql/react.js"></script>
<script src="/graphiql/react-dom.js"></script>
<script src="/graphiql/graphql-ws.js"></script>
<script src="/graphiql/graphiql.js"></script>
<script src="/graphiql/start.js"></script>
</body>
</html>
`;

function assetPath(pkg: string, file: string): string {
  return path.join(path.dirname(require.resolve(`${pkg}/package.json`)), file);
}

/** A browser navigating to /graphql (Accept: text/html, no query in the URL) gets the page; everything else goes on to Apollo. */
function wantsPage(req: Request): boolean {
  return req.query.query === undefined && req.accepts(['application/json', 'text/html']) === 'text/html';
}

export function graphiqlRoutes(): Router {
  const router = Router();
  const files = Object.fromEntries(Object.entries(ASSETS).map(([name, a]) => [name, { path: assetPath(a.pkg, a.file), type: a.type }]));
  router.get('/graphql', (req, res, next) => {
    if (!wantsPage(req)) return next();
    res.set({ 'content-security-policy': CSP, 'cache-control': 'no-cache' }).type('html').send(PAGE);
  });
  router.get('/graphiql/start.js', (_req, res) => {
    res.set('cache-control', 'no-cache').type('text/javascript').send(GRAPHIQL_START_JS);
  });
  router.get('/graphiql/:file', (req, res, next) => {
    const file = files[req.params.file];
    if (!file) return next();
    res.set('cache-control', 'public, max-age=3600').type(file.type).sendFile(file.path);
  });
  return router;
}
