import { parseLanguages } from './profile-page';

describe('parseLanguages', () => {
  it('normalises, de-duplicates and accepts commas, spaces and semicolons', () => {
    expect(parseLanguages(' EN, pl;pt-br  en ')).toEqual({ codes: ['en', 'pl', 'pt-BR'], bad: null });
    expect(parseLanguages('')).toEqual({ codes: [], bad: null });
  });
  it('names the first bad code', () => {
    expect(parseLanguages('en, english, pl').bad).toBe('english');
    expect(parseLanguages('<b>').bad).toBe('<b>');
    expect(parseLanguages('e1').bad).toBe('e1');
  });
});
