import { firstSend, SeenSeqs } from './visitor.gateway';

describe('firstSend (a seq is sent once per socket)', () => {
  it('refuses seqs at or below the floor and repeats, in any arrival order', () => {
    const seen: SeenSeqs = { floor: 3, above: new Set() };
    expect(firstSend(seen, 3)).toBe(false);
    expect(firstSend(seen, 6)).toBe(true); // live, ahead of the replay
    expect(firstSend(seen, 4)).toBe(true);
    expect(firstSend(seen, 5)).toBe(true);
    expect(firstSend(seen, 6)).toBe(false); // the replay's copy
    expect(seen).toEqual({ floor: 6, above: new Set() });
  });

  it('stays bounded when gaps are never filled', () => {
    const seen: SeenSeqs = { floor: 0, above: new Set() };
    for (let seq = 2; seq < 4000; seq += 2) expect(firstSend(seen, seq)).toBe(true);
    expect(seen.above.size).toBeLessThanOrEqual(513);
    expect(firstSend(seen, 3998)).toBe(false);
    expect(firstSend(seen, 3999)).toBe(true);
  });
});
