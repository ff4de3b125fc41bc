/**
 * Fetches a language file (`/widget/i18n/<lang>.json`, built from `i18n-texts.ts`) from the origin
 * widget.js came from, once per language, and registers its texts. English is built in and never
 * fetched. A failed or slow fetch never breaks the widget: `load` resolves false and the widget
 * speaks English; a file that arrives after the timeout is still registered for the next render.
 */
import { hasTexts, languageToLoad, registerTexts } from './i18n';

/** The subset of `fetch` the loader needs (tests pass their own). */
export type FetchLike = (url: string, init?: { credentials?: 'omit' | 'same-origin' | 'include'; mode?: 'cors' }) => Promise<{ ok: boolean; json(): Promise<unknown> }>;

export interface LanguageLoaderOptions {
  /** Where widget.js came from, e.g. `https://chat.example.com`. */
  apiOrigin: string;
  /** The build's content hash of the language files (cache buster); empty in tests. */
  version?: string;
  fetch?: FetchLike;
  /** How long `load` waits before giving up on a first render (the fetch itself goes on). */
  timeoutMs?: number;
}

/** Set by build.mjs (`define`); absent when the sources run in Jest. */
declare const __PARLEY_I18N_VERSION__: string | undefined;
export const I18N_VERSION = typeof __PARLEY_I18N_VERSION__ === 'string' ? __PARLEY_I18N_VERSION__ : '';

export const LANGUAGE_TIMEOUT_MS = 1500;

export function languageFileUrl(apiOrigin: string, lang: string, version = ''): string {
  return `${apiOrigin.replace(/\/+$/, '')}/widget/i18n/${encodeURIComponent(lang)}.json${version ? `?v=${encodeURIComponent(version)}` : ''}`;
}

export class LanguageLoader {
  /** One fetch per language for the page's lifetime (failures are not retried on every render). */
  private readonly fetches = new Map<string, Promise<boolean>>();
  /** Languages not worth waiting for any more: fetched, failed or timed out once. */
  private readonly settled = new Set<string>();

  constructor(private readonly options: LanguageLoaderOptions) {}

  /**
   * True when there is nothing (more) to wait for before speaking `lang`: English, languages only the
   * admin wrote texts for, loaded ones, and ones whose fetch failed or timed out (spoken as English).
   */
  isReady(lang: string): boolean {
    const file = languageToLoad(lang);
    return !file || hasTexts(file) || this.settled.has(file);
  }

  /**
   * Resolves true once `lang`'s texts are registered (at once when nothing needs loading), false
   * when the fetch failed or took longer than the timeout (the widget then speaks English).
   */
  load(lang: string): Promise<boolean> {
    const file = languageToLoad(lang);
    if (!file || hasTexts(file)) return Promise.resolve(true);
    let fetching = this.fetches.get(file);
    if (!fetching) {
      fetching = this.fetchFile(file);
      this.fetches.set(file, fetching);
    }
    const timeoutMs = this.options.timeoutMs ?? LANGUAGE_TIMEOUT_MS;
    return new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => {
        this.settled.add(file);
        resolve(false);
      }, timeoutMs);
      void fetching.then((ok) => {
        clearTimeout(timer);
        this.settled.add(file);
        resolve(ok);
      });
    });
  }

  private async fetchFile(lang: string): Promise<boolean> {
    const get = this.options.fetch ?? (typeof fetch === 'function' ? (fetch as unknown as FetchLike) : null);
    if (!get) return false;
    try {
      const res = await get(languageFileUrl(this.options.apiOrigin, lang, this.options.version ?? I18N_VERSION), { credentials: 'omit', mode: 'cors' });
      if (!res.ok) throw new Error('status');
      return registerTexts(lang, await res.json());
    } catch {
      if (typeof console !== 'undefined') console.warn(`[parley] could not load the ${lang} texts; using English`);
      return false;
    }
  }
}
