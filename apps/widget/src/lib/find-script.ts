/** Locating the widget's own <script> tag and deriving where the API lives. */
import { VISITOR_SOCKET_PATH } from '@parley/shared/contracts';

export interface ScriptLike {
  src: string;
  getAttribute(name: string): string | null;
}

export interface WidgetEndpoints {
  /** e.g. `https://chat.example.com` */
  apiOrigin: string;
  /** e.g. `wss://chat.example.com/ws/visitor` */
  socketUrl: string;
}

/** True when the URL's path (query and hash ignored) ends in `/widget.js`. */
export function isWidgetSrc(src: string | null | undefined): boolean {
  if (!src) return false;
  const path = src.split('#')[0].split('?')[0];
  return /(^|\/)widget\.js$/.test(path);
}

/**
 * `document.currentScript` when available (it is, while an async script first runs); otherwise the
 * last script whose src ends in `/widget.js`, preferring one that carries `data-channel`.
 */
export function findWidgetScript(
  current: ScriptLike | null | undefined,
  scripts: ArrayLike<ScriptLike>,
): ScriptLike | null {
  if (current && current.src) return current;
  let fallback: ScriptLike | null = null;
  for (let i = scripts.length - 1; i >= 0; i--) {
    const s = scripts[i];
    if (!s || !isWidgetSrc(s.src)) continue;
    if (readChannelKey(s)) return s;
    if (!fallback) fallback = s;
  }
  return fallback;
}

export function readChannelKey(script: ScriptLike | null | undefined): string | null {
  const value = script?.getAttribute('data-channel');
  const key = value ? value.trim() : '';
  return key && key.length <= 200 ? key : null;
}

/** API origin and socket URL from the script's src (resolved against the page URL). */
export function resolveEndpoints(src: string, pageHref: string): WidgetEndpoints | null {
  let url: URL;
  try {
    url = new URL(src, pageHref);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  const wsProtocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return { apiOrigin: url.origin, socketUrl: `${wsProtocol}//${url.host}${VISITOR_SOCKET_PATH}` };
}
