import { chunks, dueBy, fmt, intendedAtMs, kbPerConnection, percentile, perVisitorRate, summarize, table, throughput, totalMessages, visitorFor } from './stats';

describe('percentile (nearest rank)', () => {
  const values = Array.from({ length: 100 }, (_, i) => i + 1); // 1..100

  it('picks the nearest-rank value', () => {
    expect(percentile(values, 50)).toBe(50);
    expect(percentile(values, 90)).toBe(90);
    expect(percentile(values, 99)).toBe(99);
    expect(percentile(values, 100)).toBe(100);
    expect(percentile(values, 0)).toBe(1);
  });

  it('handles one value and no value', () => {
    expect(percentile([7], 50)).toBe(7);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([], 50)).toBeNaN();
  });

  it('rounds the rank up, never interpolates', () => {
    expect(percentile([1, 2, 3], 50)).toBe(2);
    expect(percentile([1, 2, 3, 4], 50)).toBe(2);
    expect(percentile([1, 2, 3, 4], 51)).toBe(3);
  });
});

describe('summarize', () => {
  it('sorts numerically (not as strings) and reports the tail', () => {
    const s = summarize([10, 9, 100, 1, 2]);
    expect(s).toMatchObject({ count: 5, p50: 9, max: 100, p99: 100 });
    expect(s.mean).toBeCloseTo(24.4);
  });

  it('is NaN-safe when empty', () => {
    const s = summarize([]);
    expect(s.count).toBe(0);
    expect(s.p50).toBeNaN();
    expect(s.max).toBeNaN();
  });
});

describe('open-loop schedule', () => {
  it('counts the messages of a run', () => {
    expect(totalMessages(2000, 20_000)).toBe(40_000);
    expect(totalMessages(5000, 1500)).toBe(7500);
    expect(totalMessages(3, 0)).toBe(0);
  });

  it('spaces messages evenly from the start', () => {
    expect(intendedAtMs(0, 2000)).toBe(0);
    expect(intendedAtMs(1, 2000)).toBe(0.5);
    expect(intendedAtMs(4000, 2000)).toBe(2000);
  });

  it('releases what is due by a time, independent of answers, and never more than the total', () => {
    expect(dueBy(-1, 1000, 10)).toBe(0);
    expect(dueBy(0, 1000, 10)).toBe(1); // message 0 is due at once
    expect(dueBy(0.999, 1000, 10)).toBe(1);
    expect(dueBy(1, 1000, 10)).toBe(2);
    expect(dueBy(5.5, 1000, 10)).toBe(6);
    expect(dueBy(60_000, 1000, 10)).toBe(10);
    // a late tick catches up in one batch
    expect(dueBy(250, 2000, 1_000_000)).toBe(501);
  });

  it('agrees with intendedAtMs: every message is due exactly when intended', () => {
    const rate = 3000;
    for (let k = 0; k < 1000; k++) {
      const t = intendedAtMs(k, rate);
      expect(dueBy(t, rate, 10_000)).toBeGreaterThanOrEqual(k + 1);
      if (k > 0) expect(dueBy(intendedAtMs(k - 1, rate), rate, 10_000)).toBe(k);
    }
  });

  it('spreads round-robin over visitors', () => {
    const counts = new Array(4).fill(0);
    for (let k = 0; k < 100; k++) counts[visitorFor(k, 4)]++;
    expect(counts).toEqual([25, 25, 25, 25]);
    expect(perVisitorRate(2000, 1000)).toBe(2);
    expect(perVisitorRate(5000, 1000)).toBe(5);
    expect(perVisitorRate(1, 0)).toBe(Infinity);
  });
});

describe('throughput and memory', () => {
  it('uses at least the offered duration, longer when the backlog drains late', () => {
    expect(throughput(40_000, 0, 19_000, 20_000)).toBe(2000);
    expect(throughput(40_000, 0, 40_000, 20_000)).toBe(1000);
    expect(throughput(0, 0, undefined, 0)).toBe(0);
  });

  it('divides the RSS growth by the connections', () => {
    expect(kbPerConnection(100_000, 250_000, 15_000)).toBe(10);
    expect(kbPerConnection(1, 2, 0)).toBeNaN();
  });
});

describe('formatting', () => {
  it('chunks', () => {
    expect(chunks([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(chunks([], 3)).toEqual([]);
  });

  it('formats numbers and a padded table', () => {
    expect(fmt(1234.567)).toBe('1,234.6');
    expect(fmt(NaN)).toBe('—');
    expect(fmt(2, 0)).toBe('2');
    expect(table([['a', 'bb'], ['ccc', 'd']])).toBe('a    bb\n---  --\nccc  d');
  });
});
