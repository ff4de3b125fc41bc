import { TagMatch } from './client-list.input';
import { normalizeClientQuery, parseFilterTime, RARE_TAG_ROWS, tagPlan } from './client-list.service';

describe('client list helpers', () => {
  it('tagPlan starts from rare tags and probes common ones', () => {
    expect(tagPlan(TagMatch.any, [])).toEqual({ driver: [], any: [], each: [] });
    expect(tagPlan(TagMatch.any, [{ id: 'a', n: 10 }])).toEqual({ driver: ['a'], any: [], each: [] });
    expect(tagPlan(TagMatch.any, [{ id: 'a', n: RARE_TAG_ROWS + 1 }])).toEqual({ driver: [], any: ['a'], each: [] });
    expect(tagPlan(TagMatch.any, [{ id: 'a', n: RARE_TAG_ROWS }, { id: 'b', n: 1 }])).toEqual({ driver: [], any: ['a', 'b'], each: [] });
    expect(tagPlan(TagMatch.all, [{ id: 'a', n: RARE_TAG_ROWS + 1 }, { id: 'b', n: 3 }, { id: 'c', n: 7 }])).toEqual({ driver: ['b'], any: [], each: ['a', 'c'] });
    expect(tagPlan(TagMatch.all, [{ id: 'a', n: RARE_TAG_ROWS + 1 }, { id: 'b', n: RARE_TAG_ROWS + 1 }])).toEqual({ driver: [], any: [], each: ['a', 'b'] });
  });

  it('normalizes free text: lower case, a phone as its digits', () => {
    expect(normalizeClientQuery('  Anna   SMITH ')).toBe('anna smith');
    expect(normalizeClientQuery('+49 (151) 123-45')).toBe('4915112345');
    expect(normalizeClientQuery('12')).toBe('12');
    expect(normalizeClientQuery('room 101')).toBe('room 101');
  });

  it('parses created dates: a date alone is its day (UTC), nonsense is refused with the field', () => {
    expect(parseFilterTime('2025-03-01', 'createdFrom').toISOString()).toBe('2025-03-01T00:00:00.000Z');
    expect(parseFilterTime('2025-03-01', 'createdTo', true).toISOString()).toBe('2025-03-02T00:00:00.000Z');
    expect(parseFilterTime('2025-03-01T10:00:00+02:00', 'createdTo', true).toISOString()).toBe('2025-03-01T08:00:00.000Z');
    for (const bad of ['2025-02-30', 'soon', '2025-3-1', '']) expect(() => parseFilterTime(bad, 'createdFrom')).toThrow();
  });
});
