import { MATCH_START as S, MATCH_STOP as E, segmentsFromMarked, snippet } from './highlight';

describe('search highlights', () => {
  it('splits marked text into segments', () => {
    expect(segmentsFromMarked(`Do you ship to ${S}Kraków${E}? ${S}ship${E}`)).toEqual([
      { text: 'Do you ship to ', match: false },
      { text: 'Kraków', match: true },
      { text: '? ', match: false },
      { text: 'ship', match: true },
    ]);
  });

  it('keeps markup-looking text as plain text and handles no match', () => {
    expect(segmentsFromMarked('<b>x</b> & "y"')).toEqual([{ text: '<b>x</b> & "y"', match: false }]);
    expect(segmentsFromMarked('')).toEqual([]);
  });

  it('joins adjacent matches', () => {
    expect(segmentsFromMarked(`${S}a${E}${S}b${E}`)).toEqual([{ text: 'ab', match: true }]);
  });

  it('cuts long text around the first match', () => {
    const segs = segmentsFromMarked(`${'x'.repeat(300)} ${S}needle${E} ${'y'.repeat(300)}`);
    const cut = snippet(segs, 100, 20);
    expect(cut[0]).toEqual({ text: '…', match: false });
    expect(cut[cut.length - 1]).toEqual({ text: '…', match: false });
    expect(cut.find((s) => s.match)?.text).toBe('needle');
    expect(cut.slice(1, -1).reduce((n, s) => n + s.text.length, 0)).toBe(100);
  });

  it('leaves short text alone', () => {
    const segs = [{ text: 'hi ', match: false }, { text: 'there', match: true }];
    expect(snippet(segs)).toBe(segs);
  });
});
