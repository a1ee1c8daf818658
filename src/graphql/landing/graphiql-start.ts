/**
 * The browser script that starts GraphiQL (served as /graphiql/start.js, so the page's CSP can
 * forbid inline scripts). Queries and mutations go over HTTP with the header editor's headers;
 * subscriptions over graphql-ws with the same headers as connection_init params (the server reads
 * `Authorization` there as it does on HTTP), one socket per distinct set of headers.
 */
export const GRAPHIQL_START_JS = String.raw`(function () {
  'use strict';
  var httpUrl = location.origin + '/graphql';
  var wsUrl = httpUrl.replace(/^http/, 'ws');
  var http = GraphiQL.createFetcher({ url: httpUrl });
  var sockets = {};

  function socketFor(headers) {
    var key = JSON.stringify(headers || {});
    if (!sockets[key]) sockets[key] = graphqlWs.createClient({ url: wsUrl, connectionParams: headers || {}, lazy: true });
    return sockets[key];
  }

  function isSubscription(params, opts) {
    var doc = opts && opts.documentAST;
    if (!doc) return /^\s*subscription\b/.test(params.query);
    var ops = doc.definitions.filter(function (d) { return d.kind === 'OperationDefinition'; });
    var op = ops.length === 1 ? ops[0] : ops.filter(function (d) { return d.name && d.name.value === params.operationName; })[0];
    return !!op && op.operation === 'subscription';
  }

  function fetcher(params, opts) {
    if (!isSubscription(params, opts)) return http(params, opts);
    var client = socketFor(opts && opts.headers);
    return {
      subscribe: function (observer) {
        var stop = client.subscribe(params, {
          next: function (value) { observer.next(value); },
          error: function (err) { observer.error(err instanceof Error ? err : new Error('graphql-ws: ' + (err && err.reason || 'connection closed'))); },
          complete: function () { observer.complete(); },
        });
        return { unsubscribe: stop };
      },
    };
  }

  var defaultQuery = [
    '# stampede: this GraphiQL is served by the API itself and needs no internet.',
    '# Sign in (or signUp), then put the token in the Headers tab below:',
    '#   { "Authorization": "Bearer <token>" }',
    '# Subscriptions (orderStatusChanged, ...) use the same headers over graphql-ws.',
    '',
    'mutation SignIn {',
    '  signIn(input: { email: "admin@stampede.local", password: "admin-password" }) {',
    '    token',
    '    userErrors { code message }',
    '  }',
    '}',
    '',
    'query Products {',
    '  products(first: 5) { edges { node { id name price stock } } }',
    '}',
    '',
  ].join('\n');

  ReactDOM.createRoot(document.getElementById('graphiql')).render(
    React.createElement(GraphiQL, { fetcher: fetcher, defaultQuery: defaultQuery, shouldPersistHeaders: true, isHeadersEditorEnabled: true })
  );
})();
`;
