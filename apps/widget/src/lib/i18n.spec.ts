import { fill, hasTexts, sessionErrorText, isRtl, languageToLoad, negotiateLanguage, registerTexts, uiTexts, WIDGET_LANGUAGES } from './i18n';
import { EN_TEXTS } from './i18n-en';
import { FILE_TEXTS } from './i18n-files';
import { OFFLINE_TEXTS } from './i18n-offline';
import { UI_TEXTS as ALL_TEXTS } from './i18n-texts';
import { loadAllLanguages } from './test-fixtures';

const UI_TEXTS = ALL_TEXTS as Record<string, (typeof ALL_TEXTS)['en']>;

const REQUIRED = ['pl', 'en', 'de', 'ru', 'nl', 'es', 'pt', 'it', 'lt', 'ja', 'sv', 'cs', 'hu', 'fi', 'bg', 'ro', 'sq', 'hr', 'he', 'sk'];

describe('i18n (C5)', () => {
  it('builds in English only; the other languages are registered from their files', () => {
    expect([...WIDGET_LANGUAGES].sort()).toEqual([...REQUIRED].sort());
    expect(UI_TEXTS['en']).toEqual(EN_TEXTS);
    expect(hasTexts('en')).toBe(true);
    expect(hasTexts('pl')).toBe(false);
    expect(uiTexts('pl').send).toBe('Send message');
    expect(languageToLoad('pl')).toBe('pl');
    expect(languageToLoad('pt-br')).toBe('pt');
    expect(languageToLoad('en')).toBeNull();
    expect(languageToLoad('fr')).toBeNull();
    // only known languages and string values count; missing keys fall back to English
    expect(registerTexts('xx', { send: 'x' })).toBe(false);
    expect(registerTexts('pl', 'nope')).toBe(false);
    expect(registerTexts('pl', { send: 'Wyślij', open: 42, bogus: 'y', close: '  ' })).toBe(true);
    expect(uiTexts('pl-PL').send).toBe('Wyślij');
    expect(uiTexts('pl').open).toBe(EN_TEXTS.open);
    expect(uiTexts('pl').close).toBe(EN_TEXTS.close);
    expect((uiTexts('pl') as unknown as Record<string, unknown>)['bogus']).toBeUndefined();
    loadAllLanguages();
    expect(uiTexts('pl').open).toBe('Otwórz czat');
  });

  it('has every UI string in each of the 20 languages, none left in English by mistake', () => {
    const keys = Object.keys(UI_TEXTS['en']).sort();
    for (const lang of REQUIRED) {
      const t = UI_TEXTS[lang];
      expect(t).toBeDefined();
      expect(Object.keys(t).sort()).toEqual(keys);
      for (const k of keys) expect((t as unknown as Record<string, string>)[k].trim()).not.toBe('');
      if (lang !== 'en') {
        expect(t.delivered).not.toBe(UI_TEXTS['en'].delivered);
        expect(t.send).not.toBe(UI_TEXTS['en'].send);
        expect(t.offline).not.toBe(UI_TEXTS['en'].offline);
      }
      expect(t.typing).toContain('{name}');
      expect(t.queue).toContain('{n}');
    }
  });

  it('has every file and consent text in each of the 20 languages, translated, with its placeholders', () => {
    const keys = Object.keys(FILE_TEXTS.en).sort();
    expect(Object.keys(FILE_TEXTS).sort()).toEqual([...REQUIRED].sort());
    const placeholders: Record<string, string> = { attach: '{mb}', fileTooLarge: '{mb}', tooManyFiles: '{n}', uploading: '{name}', removeFile: '{name}', download: '{name}', openImage: '{name}' };
    for (const lang of REQUIRED) {
      const t = UI_TEXTS[lang] as unknown as Record<string, string>;
      for (const k of keys) {
        expect([lang, k, typeof t[k] === 'string' && t[k].trim() !== '']).toEqual([lang, k, true]);
        if (placeholders[k]) expect([lang, k, t[k].includes(placeholders[k])]).toEqual([lang, k, true]);
        if (lang !== 'en') expect([lang, k, t[k] === (FILE_TEXTS.en as unknown as Record<string, string>)[k]]).toEqual([lang, k, false]);
      }
    }
    loadAllLanguages();
    expect(uiTexts('he')).toEqual(UI_TEXTS['he']);
    expect(fill(uiTexts('he').fileTooLarge, { mb: 10 })).toBe('הקובץ גדול מ-10 MB.');
  });

  it('has every offline form and routing text (C2, B4) in each of the 20 languages, translated, with its placeholders', () => {
    const keys = Object.keys(OFFLINE_TEXTS.en).sort();
    expect(keys.length).toBeGreaterThanOrEqual(15);
    expect(Object.keys(OFFLINE_TEXTS).sort()).toEqual([...REQUIRED].sort());
    const placeholders: Record<string, string> = { maxChars: '{n}', joined: '{name}' };
    // words that are the same in English and this language
    const same: Record<string, string[]> = { de: ['region'] };
    for (const lang of REQUIRED) {
      const own = OFFLINE_TEXTS[lang as keyof typeof OFFLINE_TEXTS] as unknown as Record<string, string>;
      expect([lang, Object.keys(own).sort()]).toEqual([lang, keys]);
      const t = UI_TEXTS[lang] as unknown as Record<string, string>;
      for (const k of keys) {
        expect([lang, k, typeof t[k] === 'string' && t[k].trim() !== '']).toEqual([lang, k, true]);
        if (placeholders[k]) expect([lang, k, t[k].includes(placeholders[k])]).toEqual([lang, k, true]);
        if (lang !== 'en' && !same[lang]?.includes(k)) expect([lang, k, t[k] === (OFFLINE_TEXTS.en as unknown as Record<string, string>)[k]]).toEqual([lang, k, false]);
      }
    }
    loadAllLanguages();
    expect(fill(uiTexts('pl').maxChars, { n: 50 })).toBe('Maksymalnie 50 znaków');
    expect(uiTexts('he').offTitle).toBe('השאירו לנו הודעה');
  });

  it('speaks the session’s and the server’s English messages in the visitor’s language', () => {
    loadAllLanguages();
    const pl = uiTexts('pl');
    expect(sessionErrorText('Only your last message can be edited, for 15 minutes.', pl)).toBe('Edytować można tylko ostatnią wiadomość, przez 15 minut.');
    expect(sessionErrorText('Type a message first.', pl)).toBe('Najpierw wpisz wiadomość.');
    expect(sessionErrorText('You are sending messages too fast. Please wait a moment.', pl, 'RATE_LIMITED')).toBe(pl.offTooFast);
    expect(sessionErrorText('Some server text', pl, 'INTERNAL')).toBe(pl.error);
    expect(sessionErrorText(pl.uploadWait, pl)).toBe(pl.uploadWait);
    expect(sessionErrorText('Some server text', EN_TEXTS, 'INTERNAL')).toBe('Some server text');
    expect(sessionErrorText('', pl)).toBe('');
  });

  it('negotiates in navigator.languages order: exact, then primary subtag, else the channel default', () => {
    expect(negotiateLanguage(['de-AT', 'en'], [], 'en')).toBe('de');
    expect(negotiateLanguage(['pt-BR'], [], 'en')).toBe('pt');
    expect(negotiateLanguage(['xx', 'zz-ZZ', 'sk'], [], 'en')).toBe('sk');
    expect(negotiateLanguage(['xx-YY', 'tlh'], [], 'pl')).toBe('pl');
    expect(negotiateLanguage([], [], 'he')).toBe('he');
    expect(negotiateLanguage(['xx'], [], 'xx')).toBe('en');
    // a language only the admin wrote texts for still counts
    expect(negotiateLanguage(['fr-CA'], ['fr', 'en'], 'en')).toBe('fr');
    expect(negotiateLanguage(['HE-il'], [], 'en')).toBe('he');
  });

  it('knows which languages are written right to left', () => {
    expect(isRtl('he')).toBe(true);
    expect(isRtl('he-IL')).toBe(true);
    expect(isRtl('pl')).toBe(false);
    loadAllLanguages();
    expect(uiTexts('fr').send).toBe('Send message');
    expect(fill(uiTexts('pl').typing, { name: 'Anna' })).toBe('Anna pisze…');
  });
});
