import type WebSocket from 'ws';
import { GraphQLError } from 'graphql';
import type { AuthUser } from '../modules/identity';

/**
 * A graphql-ws socket is authenticated once, at connection_init, and could then live for days:
 * after its JWT expired it still started subscriptions and ran chargePoints. The socket is
 * closed with 4401 (graphql-ws's Unauthorized) when its token expires, and every operation
 * checks the expiry too, in case it arrives in the instant before the timer fires.
 */
export const TOKEN_EXPIRED_CLOSE_CODE = 4401;

export function closeAtTokenExpiry(socket: WebSocket, user: AuthUser | null | undefined): void {
  if (!user?.expiresAtMs) return;
  // setTimeout cannot wait longer than 2^31 - 1 ms; tokens live at most 30 days, so clamp and re-check.
  const wait = Math.min(Math.max(0, user.expiresAtMs - Date.now()), 2_147_483_647);
  const timer = setTimeout(() => {
    if (Date.now() >= user.expiresAtMs!) socket.close(TOKEN_EXPIRED_CLOSE_CODE, 'Token expired');
    else closeAtTokenExpiry(socket, user);
  }, wait);
  timer.unref();
  socket.once('close', () => clearTimeout(timer));
}

/** The error for an operation sent on an expired token (the socket is being closed too). */
export function expiredTokenError(socket: WebSocket, user: AuthUser | null | undefined): GraphQLError | undefined {
  if (!user?.expiresAtMs || Date.now() < user.expiresAtMs) return undefined;
  socket.close(TOKEN_EXPIRED_CLOSE_CODE, 'Token expired');
  return new GraphQLError('Your token is invalid or expired', { extensions: { code: 'UNAUTHENTICATED' } });
}
