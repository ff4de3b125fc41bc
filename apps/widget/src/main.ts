/**
 * widget.js entry. Embed:
 *   <script async src="https://HOST/widget.js" data-channel="PUBLIC_KEY"></script>
 * Finds its own tag, derives the API origin from its src, installs `window.Parley`, and starts the
 * widget after the page has loaded and gone idle (or at once if the host calls Parley.open()).
 */
import { findWidgetScript, readChannelKey, resolveEndpoints, type ScriptLike } from './lib/find-script';
import { LanguageLoader } from './lib/i18n-loader';
import { PublicApi } from './lib/public-api';
import { PreviewApp } from './lib/preview-app';
import { browserLanguages, WidgetApp } from './lib/widget-app';

interface ParleyGlobal {
  q?: unknown;
  __parley?: true;
}

(function boot() {
  const w = window as unknown as { Parley?: ParleyGlobal };
  const existing = w.Parley;
  if (existing && existing.__parley) return; // loaded twice: keep the first

  const script = findWidgetScript(
    document.currentScript as ScriptLike | null,
    document.getElementsByTagName('script') as ArrayLike<ScriptLike>,
  );
  const channelKey = readChannelKey(script);
  const endpoints = script ? resolveEndpoints(script.src, location.href) : null;
  if (!script || !channelKey || !endpoints) {
    console.warn('[parley] widget.js needs a <script src=".../widget.js" data-channel="…"> tag');
    return;
  }

  // data-mode="preview": the admin screen's preview (settings by postMessage, no socket)
  const mode = script.getAttribute('data-mode');
  if (mode === 'preview') {
    const startPreview = () => new PreviewApp(window, browserLanguages, new LanguageLoader({ apiOrigin: endpoints.apiOrigin })).start();
    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', startPreview, { once: true });
    else startPreview();
    return;
  }

  let app: WidgetApp | null = null;
  const start = () => {
    if (app) return;
    app = new WidgetApp({ channelKey, socketUrl: endpoints.socketUrl, apiOrigin: endpoints.apiOrigin, mode: mode === 'page' ? 'page' : 'embed', group: script.getAttribute('data-group') }, api);
    app.start();
    api.attach(app);
  };
  const api = new PublicApi(start);
  Object.defineProperty(api, '__parley', { value: true });
  w.Parley = api as unknown as ParleyGlobal;
  if (existing) api.drain(existing.q);

  // Do nothing while the host page is loading: wait for `load`, then for an idle moment.
  const whenIdle = () => {
    const ric = (window as unknown as { requestIdleCallback?: (cb: () => void, o?: { timeout: number }) => void })
      .requestIdleCallback;
    if (ric) ric(start, { timeout: 3000 });
    else setTimeout(start, 200);
  };
  // data-mode="page": the direct chat link's full-page chat starts at once
  if (mode === 'page') {
    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start, { once: true });
    else start();
  } else if (document.readyState === 'complete') whenIdle();
  else window.addEventListener('load', whenIdle, { once: true });
})();
