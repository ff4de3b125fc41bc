import { backoffDelay, DEFAULT_BACKOFF } from './backoff';

describe('backoffDelay', () => {
  const noJitter = { ...DEFAULT_BACKOFF, jitter: 0 };

  it('starts at 0.5 s and doubles up to 10 s', () => {
    expect([0, 1, 2, 3, 4, 5, 6].map((n) => backoffDelay(n, () => 0, noJitter))).toEqual([
      500, 1000, 2000, 4000, 8000, 10000, 10000,
    ]);
  });

  it('applies jitter within ((1 - jitter)·d, d]', () => {
    expect(backoffDelay(2, () => 0)).toBe(2000);
    expect(backoffDelay(2, () => 1)).toBe(1400);
    for (let i = 0; i < 100; i++) {
      const d = backoffDelay(3);
      expect(d).toBeGreaterThanOrEqual(2800);
      expect(d).toBeLessThanOrEqual(4000);
    }
  });

  it('survives bad attempts and bad random sources', () => {
    expect(backoffDelay(-3, () => 0)).toBe(500);
    expect(backoffDelay(Number.NaN, () => 0)).toBe(500);
    expect(backoffDelay(1e9, () => 0)).toBe(10000);
    expect(backoffDelay(Infinity, () => 0)).toBe(500);
    expect(Number.isFinite(backoffDelay(1, () => Number.NaN))).toBe(true);
    expect(backoffDelay(0, () => 7)).toBeLessThanOrEqual(500);
  });
});
