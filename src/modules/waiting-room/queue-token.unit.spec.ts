import { newId } from '../../shared/ids';
import { QueueTokens, deriveQueueTokenSecret } from './queue-token';

describe('QueueTokens', () => {
  const tokens = new QueueTokens('a-queue-token-secret-of-32-bytes-or-more');
  const claims = { gateId: newId(), ticketId: newId(), userId: newId() };

  it('signs and verifies; the same ticket always has the same token', () => {
    const token = tokens.sign(claims);
    expect(tokens.verify(token)).toEqual(claims);
    expect(tokens.sign({ ...claims })).toBe(token);
    expect(token.length).toBeLessThan(100);
  });

  it('refuses anything it did not sign, without throwing', () => {
    const token = tokens.sign(claims);
    const [prefix, payload, mac] = token.split('.');
    const flip = (s: string, i: number) => s.slice(0, i) + (s[i] === 'A' ? 'B' : 'A') + s.slice(i + 1);
    for (const bad of [
      '', 'junk', `${prefix}.${payload}`, `${prefix}.${flip(payload, 5)}.${mac}`, `${prefix}.${payload}.${flip(mac, 3)}`,
      `${token}.x`, new QueueTokens('another-secret-another-secret-0123456789').sign(claims), 'q1.' + 'x'.repeat(300),
    ]) {
      expect(tokens.verify(bad)).toBeNull();
    }
    expect(tokens.verify(null)).toBeNull();
    expect(tokens.verify(undefined)).toBeNull();
  });

  it('wants a real secret; a derived one is not the secret it came from', () => {
    expect(() => new QueueTokens('short')).toThrow(/32 bytes/);
    const derived = deriveQueueTokenSecret('dev-only-secret-change-me-0123456789');
    expect(derived.length).toBe(32);
    expect(derived.toString('utf8')).not.toContain('dev-only');
    expect(new QueueTokens(derived).verify(new QueueTokens(derived).sign(claims))).toEqual(claims);
  });
});
