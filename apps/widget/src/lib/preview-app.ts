/**
 * The admin screen's live preview (`/preview/widget`, `data-mode="preview"`): the real widget view
 * with sample messages, no socket. Settings arrive from the parent page by postMessage:
 *   parent → frame: { type: 'parley:preview-settings', settings: WidgetSettings }
 *   frame → parent: { type: 'parley:preview-ready' } once it listens
 * Only same-origin messages from the parent window count; settings are normalised like a `welcome`'s.
 */
import { MessageAuthorType } from '@parley/shared/contracts';
import type { LanguageLoader } from './i18n-loader';
import type { ChatItem } from './message-store';
import { normalizeSettings } from './settings';
import { WidgetView } from './widget-view';

export const PREVIEW_SETTINGS = 'parley:preview-settings';
export const PREVIEW_READY = 'parley:preview-ready';

const at = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();

export const SAMPLE_ITEMS: ChatItem[] = [
  { kind: 'message', key: 'p1', message: { id: 'p1', clientId: null, conversationId: 'preview', seq: 1, authorType: MessageAuthorType.visitor, authorName: null, body: 'Hi! Do you ship to Kraków?', createdAt: at(3) } },
  { kind: 'message', key: 'p2', message: { id: 'p2', clientId: null, conversationId: 'preview', seq: 2, authorType: MessageAuthorType.operator, authorName: 'Anna', body: 'Yes, delivery takes 2–3 working days.', createdAt: at(2) } },
] as ChatItem[];

export interface PreviewWindow {
  parent: unknown;
  location: { origin: string };
  addEventListener(type: 'message', listener: (e: { source: unknown; origin: string; data: unknown }) => void): void;
}

export class PreviewApp {
  readonly view: WidgetView;

  /** `loader`: fetches the previewed language's texts (every language shows, loaded on demand). */
  constructor(private readonly win: PreviewWindow, languages: () => readonly string[], loader?: Pick<LanguageLoader, 'isReady' | 'load'>) {
    this.view = new WidgetView({ open: () => undefined, close: () => undefined, send: () => 'This is a preview', retry: () => undefined }, { mode: 'preview', languages, loader });
  }

  start(): void {
    this.view.applySettings(normalizeSettings(null));
    this.view.mount();
    this.view.setOpen(true);
    this.view.render(SAMPLE_ITEMS);
    this.win.addEventListener('message', (e) => this.onMessage(e));
    const parent = this.win.parent as { postMessage?: (data: unknown, origin: string) => void } | null;
    if (parent && parent !== (this.win as unknown) && parent.postMessage) parent.postMessage({ type: PREVIEW_READY }, this.win.location.origin);
  }

  onMessage(e: { source: unknown; origin: string; data: unknown }): void {
    if (e.source !== this.win.parent || e.origin !== this.win.location.origin) return;
    const data = e.data as { type?: unknown; settings?: unknown } | null;
    if (!data || data.type !== PREVIEW_SETTINGS) return;
    this.view.applySettings(normalizeSettings(data.settings));
    this.view.render(SAMPLE_ITEMS);
  }
}
