import { clientIp } from './client-ip';

describe('clientIp', () => {
  it('uses the socket peer when no proxy is trusted, whatever X-Forwarded-For says', () => {
    expect(clientIp('10.0.0.9', '1.2.3.4', 0)).toBe('10.0.0.9');
  });
  it('behind one proxy takes the address that proxy appended', () => {
    expect(clientIp('10.0.0.1', '203.0.113.7', 1)).toBe('203.0.113.7');
    // A client that writes its own X-Forwarded-For cannot choose its address: only the last entry counts.
    expect(clientIp('10.0.0.1', '6.6.6.6, 203.0.113.7', 1)).toBe('203.0.113.7');
  });
  it('behind two proxies skips both', () => {
    expect(clientIp('10.0.0.1', ['6.6.6.6, 203.0.113.7', '10.0.0.2'], 2)).toBe('203.0.113.7');
  });
  it('falls back to the furthest known address when the chain is shorter than the hops', () => {
    expect(clientIp('10.0.0.1', undefined, 2)).toBe('10.0.0.1');
    expect(clientIp('10.0.0.1', '203.0.113.7', 3)).toBe('203.0.113.7');
    expect(clientIp(undefined, undefined, 0)).toBe('unknown');
  });
});
