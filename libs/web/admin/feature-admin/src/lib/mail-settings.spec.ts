import { fieldRows, parseEmailList } from './webchat-mail-settings';

describe('mail settings helpers', () => {
  it('reads notification addresses from lines, commas and semicolons', () => {
    expect(parseEmailList(' a@x.test,b@x.test;\n\nc@x.test  ')).toEqual(['a@x.test', 'b@x.test', 'c@x.test']);
    expect(parseEmailList('   ')).toEqual([]);
  });

  it('lists the configured fields first, in order, then the others unticked; unknown keys are dropped', () => {
    const rows = fieldRows([
      { key: 'message', required: true },
      { key: 'email', required: false },
      { key: 'shoeSize', required: true },
    ]);
    expect(rows.slice(0, 2)).toEqual([
      { key: 'message', ask: true, required: true },
      { key: 'email', ask: true, required: false },
    ]);
    expect(rows).toHaveLength(9);
    expect(rows.slice(2).every((r) => !r.ask && !r.required)).toBe(true);
  });
});
