/**
 * @jest-environment jsdom
 */
import { normalizeSettings } from './settings';
import { hasTexts } from './i18n';
import { EN_TEXTS } from './i18n-en';
import { languageFileUrl, LanguageLoader, type FetchLike } from './i18n-loader';
import { UI_TEXTS } from './i18n-texts';
import { PreviewApp, PREVIEW_SETTINGS, type PreviewWindow } from './preview-app';
import { WidgetView } from './widget-view';

/** A fetch that answers from the built texts (like `/widget/i18n/<lang>.json`) and records each URL. */
function fakeFetch(opts: { fail?: string[]; hang?: string[] } = {}) {
  const urls: string[] = [];
  const pending: Array<() => void> = [];
  const fn = jest.fn<ReturnType<FetchLike>, Parameters<FetchLike>>((url) => {
    urls.push(url);
    const lang = /\/widget\/i18n\/([a-z]+)\.json/.exec(url)?.[1] ?? '';
    if (opts.fail?.includes(lang)) return lang === 'ro' ? Promise.resolve({ ok: false, json: async () => ({}) }) : Promise.reject(new TypeError('Failed to fetch'));
    const answer = { ok: true, json: async () => JSON.parse(JSON.stringify(UI_TEXTS[lang as 'he'])) as unknown };
    if (opts.hang?.includes(lang)) return new Promise((resolve) => pending.push(() => resolve(answer)));
    return Promise.resolve(answer);
  });
  return { fn, urls, release: () => pending.splice(0).forEach((r) => r()) };
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

function view(languages: readonly string[], loader: LanguageLoader) {
  const v = new WidgetView({ open: jest.fn(), close: jest.fn(), send: jest.fn(() => null), retry: jest.fn() }, { languages: () => languages, loader });
  v.mount();
  const root = v.host.shadowRoot as ShadowRoot;
  const $ = (sel: string) => root.querySelector(sel) as HTMLElement;
  return { v, $ };
}

describe('language files loaded on demand (C5)', () => {
  let warn: jest.SpyInstance;
  beforeEach(() => (warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined)));
  afterEach(() => {
    warn.mockRestore();
    document.body.textContent = '';
  });

  it('builds the file URL from the origin widget.js came from, with the build version', () => {
    expect(languageFileUrl('https://chat.example.com', 'he', '28813265de')).toBe('https://chat.example.com/widget/i18n/he.json?v=28813265de');
    expect(languageFileUrl('http://localhost:3000/', 'pl')).toBe('http://localhost:3000/widget/i18n/pl.json');
  });

  it('fetches the chosen language once, from the API origin, without credentials; English never', async () => {
    const f = fakeFetch();
    const loader = new LanguageLoader({ apiOrigin: 'https://chat.example.com', version: 'v1', fetch: f.fn });
    expect(await loader.load('en')).toBe(true);
    expect(await loader.load('en-GB')).toBe(true);
    expect(await loader.load('fr')).toBe(true); // a language only the admin wrote texts for: nothing to fetch
    expect(f.urls).toEqual([]);
    expect(hasTexts('de')).toBe(false);
    const [a, b] = await Promise.all([loader.load('de-AT'), loader.load('de')]);
    expect([a, b]).toEqual([true, true]);
    expect(await loader.load('de')).toBe(true);
    expect(f.urls).toEqual(['https://chat.example.com/widget/i18n/de.json?v=v1']);
    expect(f.fn.mock.calls[0][1]).toEqual({ credentials: 'omit', mode: 'cors' });
    expect(hasTexts('de')).toBe(true);
  });

  it('an English browser renders at once and fetches nothing', () => {
    const f = fakeFetch();
    const { v, $ } = view(['en-US', 'pl'], new LanguageLoader({ apiOrigin: 'https://chat.example.com', fetch: f.fn }));
    v.applySettings(normalizeSettings({ defaultLanguage: 'he' }));
    expect($('.root').classList.contains('i18n-wait')).toBe(false);
    expect($('.root').getAttribute('lang')).toBe('en');
    expect($('[data-testid=parley-launcher]').getAttribute('aria-label')).toBe(EN_TEXTS.open);
    expect(f.urls).toEqual([]);
  });

  it('a Hebrew browser: hidden until he.json arrives, then Hebrew right to left; admin texts still win', async () => {
    const f = fakeFetch({ hang: ['he'] });
    const { v, $ } = view(['he-IL'], new LanguageLoader({ apiOrigin: 'https://chat.example.com', fetch: f.fn }));
    v.applySettings(normalizeSettings({ defaultLanguage: 'en', texts: { en: { header: 'Fast', welcome: 'Hi' }, he: { header: 'עונים מהר', welcome: 'היי!' } } }));
    v.mount();
    // no flash of English: the window waits for the file
    expect($('.root').classList.contains('i18n-wait')).toBe(true);
    expect(f.urls).toEqual(['https://chat.example.com/widget/i18n/he.json']);
    f.release();
    await flush();
    expect($('.root').classList.contains('i18n-wait')).toBe(false);
    expect($('.root').getAttribute('lang')).toBe('he');
    expect($('.root').getAttribute('dir')).toBe('rtl');
    expect($('[data-testid=parley-launcher]').getAttribute('aria-label')).toBe('פתיחת צ׳אט');
    expect($('[data-testid=parley-input]').getAttribute('placeholder')).toBe('הקלידו הודעה…');
    // the admin's Hebrew header and welcome override the built-in ones
    expect($('[data-testid=parley-subtitle]').textContent).toBe('עונים מהר');
    expect($('[data-testid=parley-welcome]').textContent).toBe('היי!');
    expect(f.urls).toHaveLength(1);
  });

  it("the channel's default language is loaded when the browser's is unknown; its built-in header shows", async () => {
    const f = fakeFetch();
    const { v, $ } = view(['xx-YY'], new LanguageLoader({ apiOrigin: 'https://chat.example.com', fetch: f.fn }));
    v.applySettings(normalizeSettings({ defaultLanguage: 'sk', texts: { sk: { header: '', welcome: '' } } }));
    v.applySettings(normalizeSettings({ defaultLanguage: 'ja' }));
    await flush();
    expect(f.urls).toEqual(['https://chat.example.com/widget/i18n/sk.json', 'https://chat.example.com/widget/i18n/ja.json']);
    expect($('.root').getAttribute('lang')).toBe('ja');
    expect($('[data-testid=parley-subtitle]').textContent).toBe(UI_TEXTS.ja.header);
    expect($('[data-testid=parley-launcher]').getAttribute('aria-label')).toBe(UI_TEXTS.ja.open);
  });

  it('a failed fetch (network error or HTTP error) falls back to English, left to right, and is not retried', async () => {
    const f = fakeFetch({ fail: ['bg', 'ro'] });
    const loader = new LanguageLoader({ apiOrigin: 'https://chat.example.com', fetch: f.fn });
    const { v, $ } = view(['bg'], loader);
    const settings = normalizeSettings({ defaultLanguage: 'en' });
    v.applySettings(settings);
    expect($('.root').classList.contains('i18n-wait')).toBe(true);
    await flush();
    expect($('.root').classList.contains('i18n-wait')).toBe(false);
    expect($('.root').getAttribute('lang')).toBe('en');
    expect($('.root').getAttribute('dir')).toBe('ltr');
    expect($('[data-testid=parley-launcher]').getAttribute('aria-label')).toBe(EN_TEXTS.open);
    expect($('[data-testid=parley-subtitle]').textContent).toBe(EN_TEXTS.header);
    v.applySettings(settings);
    v.applySettings(settings);
    await flush();
    expect(f.urls).toEqual(['https://chat.example.com/widget/i18n/bg.json']);
    expect(await loader.load('ro')).toBe(false);
    expect(hasTexts('ro')).toBe(false);
    expect(warn).toHaveBeenCalled();
  });

  it('a slow file: English after the timeout, the late file switches the language at the next render', async () => {
    jest.useFakeTimers();
    try {
      const f = fakeFetch({ hang: ['fi'] });
      const { v, $ } = view(['fi-FI'], new LanguageLoader({ apiOrigin: 'https://chat.example.com', fetch: f.fn, timeoutMs: 1000 }));
      const settings = normalizeSettings({ defaultLanguage: 'en' });
      v.applySettings(settings);
      expect($('.root').classList.contains('i18n-wait')).toBe(true);
      await jest.advanceTimersByTimeAsync(999);
      expect($('.root').classList.contains('i18n-wait')).toBe(true);
      await jest.advanceTimersByTimeAsync(1);
      expect($('.root').classList.contains('i18n-wait')).toBe(false);
      expect($('.root').getAttribute('lang')).toBe('en');
      expect($('[data-testid=parley-launcher]').getAttribute('aria-label')).toBe(EN_TEXTS.open);
      // the next render does not wait again
      v.applySettings(settings);
      expect($('.root').classList.contains('i18n-wait')).toBe(false);
      f.release();
      await jest.advanceTimersByTimeAsync(0);
      v.applySettings(settings);
      expect($('.root').getAttribute('lang')).toBe('fi');
      expect($('[data-testid=parley-launcher]').getAttribute('aria-label')).toBe(UI_TEXTS.fi.open);
      expect(f.urls).toHaveLength(1);
    } finally {
      jest.useRealTimers();
    }
  });

  it('the admin preview loads the previewed language too (every language shows)', async () => {
    const f = fakeFetch();
    const listeners: Array<(e: { source: unknown; origin: string; data: unknown }) => void> = [];
    const parent = { postMessage: jest.fn() };
    const win: PreviewWindow = { parent, location: { origin: 'https://app.example.com' }, addEventListener: (_t, l) => listeners.push(l) };
    const app = new PreviewApp(win, () => ['xx'], new LanguageLoader({ apiOrigin: 'https://app.example.com', fetch: f.fn }));
    app.start();
    for (const lang of ['lt', 'sq', 'cs']) {
      listeners.forEach((l) => l({ source: parent, origin: 'https://app.example.com', data: { type: PREVIEW_SETTINGS, settings: { defaultLanguage: lang, texts: { [lang]: { header: '', welcome: '' } } } } }));
      await flush();
      const root = app.view.host.shadowRoot as ShadowRoot;
      expect(root.querySelector('.root')?.getAttribute('lang')).toBe(lang);
      expect(root.querySelector('[data-testid=parley-input]')?.getAttribute('aria-label')).toBe(UI_TEXTS[lang as 'lt'].input);
    }
    expect(f.urls).toEqual(['lt', 'sq', 'cs'].map((l) => `https://app.example.com/widget/i18n/${l}.json`));
  });
});
