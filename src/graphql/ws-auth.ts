/**
 * The Authorization value a graphql-ws client sent in connection_init. Clients spell it
 * differently: `authorization` (our docs), `Authorization` (copied from HTTP headers, as
 * GraphiQL's header editor and most examples do) and `token` (bare or with "Bearer "). Whatever
 * is found goes through the same check as the HTTP header, so the answers are the same.
 */
export function connectionAuthorization(params: Readonly<Record<string, unknown>> | undefined): unknown {
  if (!params) return undefined;
  const header = params.authorization ?? params.Authorization;
  if (header !== undefined) return header;
  const token = params.token;
  if (typeof token === 'string' && token !== '' && !/^Bearer\s/i.test(token)) return `Bearer ${token}`;
  return token;
}
