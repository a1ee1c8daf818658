import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import { isId } from '../../shared/ids';

export interface QueueTokenClaims {
  gateId: string;
  ticketId: string;
  userId: string;
}

const PREFIX = 'q1.';
const MAC_BYTES = 16; // 128-bit tag: forging one is out of reach, and the token stays short
const PAYLOAD_CHARS = 64; // 48 bytes (three UUIDs) in base64url

const uuidBytes = (id: string) => Buffer.from(id.replace(/-/g, ''), 'hex');
const uuidText = (b: Buffer) => {
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
};

/**
 * Queue tokens: `q1.<gate|ticket|user as 48 bytes>.<HMAC-SHA256 tag>`, base64url. Verifying
 * one needs only the secret (no lookup), so a forged or foreign token is refused before any
 * Redis or SQL call; whether the ticket is still ACTIVE is the one Redis lookup after that.
 * The same ticket always gets the same token (entering again returns it unchanged).
 */
export class QueueTokens {
  private readonly key: Buffer;

  constructor(secret: string | Buffer) {
    this.key = typeof secret === 'string' ? Buffer.from(secret, 'utf8') : secret;
    if (this.key.length < 32) throw new Error('the queue token secret must be at least 32 bytes');
  }

  sign(claims: QueueTokenClaims): string {
    const payload = Buffer.concat([uuidBytes(claims.gateId), uuidBytes(claims.ticketId), uuidBytes(claims.userId)]);
    return `${PREFIX}${payload.toString('base64url')}.${this.mac(payload).toString('base64url')}`;
  }

  /** The claims of a token this secret signed, or null for anything else (no exception, no I/O). */
  verify(token: string | null | undefined): QueueTokenClaims | null {
    if (typeof token !== 'string' || token.length > 200 || !token.startsWith(PREFIX)) return null;
    const [payloadText, macText, extra] = token.slice(PREFIX.length).split('.');
    if (extra !== undefined || payloadText?.length !== PAYLOAD_CHARS || !macText) return null;
    const payload = Buffer.from(payloadText, 'base64url');
    const mac = Buffer.from(macText, 'base64url');
    if (payload.length !== 48 || mac.length !== MAC_BYTES || payload.toString('base64url') !== payloadText) return null;
    if (!timingSafeEqual(mac, this.mac(payload))) return null;
    return { gateId: uuidText(payload.subarray(0, 16)), ticketId: uuidText(payload.subarray(16, 32)), userId: uuidText(payload.subarray(32, 48)) };
  }

  private mac(payload: Buffer): Buffer {
    return createHmac('sha256', this.key).update(payload).digest().subarray(0, MAC_BYTES);
  }
}

/** Ids a token can carry (it packs them as UUIDs). */
export const tokenable = (...ids: string[]) => ids.every(isId);

/**
 * A queue-token key derived from another secret (HKDF-SHA256, its own label), for when no
 * WAITING_ROOM_TOKEN_SECRET is configured: independent of the JWT key in use, never equal to it.
 */
export function deriveQueueTokenSecret(masterSecret: string): Buffer {
  return Buffer.from(hkdfSync('sha256', masterSecret, 'stampede', 'waiting-room queue token v1', 32));
}
