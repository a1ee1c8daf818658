import { LATER_BASE, admissionRate, estimatedWaitSeconds, orderKey, statusAt } from './ticket';

describe('order keys', () => {
  it('FIFO is the entry order; RANDOM_PREQUEUE puts every pre-queued key before every later one', () => {
    expect(orderKey('FIFO', false, 7, 123)).toBe(7);
    expect(orderKey('RANDOM_PREQUEUE', true, 7, 123)).toBe(123);
    expect(orderKey('RANDOM_PREQUEUE', false, 1, 0)).toBeGreaterThan(LATER_BASE - 1);
    expect(orderKey('RANDOM_PREQUEUE', false, 2, 0)).toBeGreaterThan(orderKey('RANDOM_PREQUEUE', false, 1, 0));
    expect(Number.isSafeInteger(LATER_BASE + 1e9)).toBe(true);
  });
});

describe('statusAt', () => {
  const t0 = new Date('2026-03-01T10:00:00Z');
  it('an ACTIVE ticket past its expiry reads EXPIRED before the sweep ends it', () => {
    expect(statusAt({ status: 'ACTIVE', expiresAt: new Date(t0.getTime() + 1) }, t0)).toBe('ACTIVE');
    expect(statusAt({ status: 'ACTIVE', expiresAt: t0 }, t0)).toBe('EXPIRED');
    expect(statusAt({ status: 'WAITING', expiresAt: null }, t0)).toBe('WAITING');
  });
});

describe('ETA from the measured rate', () => {
  const now = 1_000_000;
  it('is unknown until something was admitted in the last minute', () => {
    expect(admissionRate(0, null, now)).toBeNull();
    expect(estimatedWaitSeconds(10, null)).toBeNull();
  });

  it('divides what was admitted by the time it took (at least 5 s, at most a minute)', () => {
    expect(admissionRate(60, now - 60_000, now)).toBe(1); // 60 over the minute
    expect(admissionRate(10, now - 1_000, now)).toBe(2); // 10 in 1 s reads as 10 over 5 s
    expect(admissionRate(30, now - 10_000, now)).toBe(3);
    expect(estimatedWaitSeconds(10, 3)).toBe(4);
    expect(estimatedWaitSeconds(null, 3)).toBeNull();
  });
});
