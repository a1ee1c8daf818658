import type WebSocket from 'ws';
import { GraphQLError, Kind, type DocumentNode } from 'graphql';

/** graphql-ws caps (per API process): sockets per IP and per user, subscriptions per socket and per user. */
export interface WsCaps {
  socketsPerIp: number;
  socketsPerUser: number;
  subscriptionsPerSocket: number;
  subscriptionsPerUser: number;
}

/** Close code for a socket over its caps (4429, as graphql-ws uses 44xx for its own refusals). */
export const TOO_MANY_SOCKETS_CLOSE_CODE = 4429;

/**
 * One customer opened 5,000 orderStatusChanged subscriptions over 20 sockets (+160 MB): nothing
 * bounded them. Counted in this process (each API process enforces its own; behind a balancer
 * the effective caps are N times these). Only long-lived operations (subscriptions) count; a
 * socket's counts go when it closes.
 */
export class WsLimits {
  private readonly socketsByIp = new Map<string, number>();
  private readonly socketsByUser = new Map<string, number>();
  private readonly subsByUser = new Map<string, number>();
  private readonly subsBySocket = new Map<WebSocket, Set<string>>();

  constructor(private readonly caps: WsCaps) {}

  /** At connection_init: false (and the socket closed with 4429) when this IP or user has too many sockets open. */
  admitSocket(socket: WebSocket, ip: string, userId: string | undefined): boolean {
    if ((this.socketsByIp.get(ip) ?? 0) >= this.caps.socketsPerIp || (userId && (this.socketsByUser.get(userId) ?? 0) >= this.caps.socketsPerUser)) {
      socket.close(TOO_MANY_SOCKETS_CLOSE_CODE, 'Too many open sockets');
      return false;
    }
    bump(this.socketsByIp, ip, 1);
    if (userId) bump(this.socketsByUser, userId, 1);
    this.subsBySocket.set(socket, new Set());
    socket.once('close', () => {
      bump(this.socketsByIp, ip, -1);
      if (userId) bump(this.socketsByUser, userId, -1);
      const subs = this.subsBySocket.get(socket);
      if (subs && userId) bump(this.subsByUser, userId, -subs.size);
      this.subsBySocket.delete(socket);
    });
    return true;
  }

  /** Before a subscription starts: an error when this socket or user already has the most allowed. */
  admitSubscription(socket: WebSocket, id: string, userId: string | undefined, document: DocumentNode, operationName?: string | null): GraphQLError | undefined {
    const op = document.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION && (!operationName || d.name?.value === operationName));
    if (!op || op.kind !== Kind.OPERATION_DEFINITION || op.operation !== 'subscription') return undefined;
    const subs = this.subsBySocket.get(socket);
    if (!subs) return undefined;
    const over = subs.size >= this.caps.subscriptionsPerSocket ? `${this.caps.subscriptionsPerSocket} per connection`
      : userId && (this.subsByUser.get(userId) ?? 0) >= this.caps.subscriptionsPerUser ? `${this.caps.subscriptionsPerUser} per user` : undefined;
    if (over) return new GraphQLError(`Too many subscriptions (at most ${over}); stop some first`, { extensions: { code: 'RATE_LIMITED' } });
    subs.add(id);
    if (userId) bump(this.subsByUser, userId, 1);
    return undefined;
  }

  /** When an operation completes (either side). */
  release(socket: WebSocket, id: string, userId: string | undefined): void {
    const subs = this.subsBySocket.get(socket);
    if (!subs?.delete(id)) return;
    if (userId) bump(this.subsByUser, userId, -1);
  }
}

function bump(map: Map<string, number>, key: string, by: number): void {
  const next = (map.get(key) ?? 0) + by;
  if (next <= 0) map.delete(key);
  else map.set(key, next);
}
