/** Wires the session, the view and the public API together once the widget starts. */
import { VisitorMessage, MessageAuthorType, type CartItemInput } from '@parley/shared/contracts';
import { WidgetFiles } from './attachments';
import { ChannelLinks } from './channel-links';
import { ChatSession, type PageInfo, type SocketLike } from './chat-session';
import { createClientId } from './client-id';
import { LanguageLoader } from './i18n-loader';
import type { IdentifyData, PublicApi } from './public-api';
import { browserStorage } from './storage';
import { WidgetExtras } from './widget-extras';
import { WidgetView, type WidgetMode } from './widget-view';

export interface WidgetConfig {
  channelKey: string;
  socketUrl: string;
  /** The API's origin (uploads and attachment links); defaults to the socket's host. */
  apiOrigin?: string;
  /** `page`: the direct chat link, opened at once and filling the page. */
  mode?: WidgetMode;
  /** SPEC B3: `data-group` of the embed line. */
  group?: string | null;
}

const browserLanguages = (): readonly string[] => (typeof navigator !== 'undefined' ? (navigator.languages?.length ? navigator.languages : [navigator.language]) : []);

let warned = false;

export class WidgetApp {
  readonly session: ChatSession;
  readonly view: WidgetView;
  readonly files: WidgetFiles;
  /** SPEC A2: "Continue in Telegram" once the visitor has written. */
  readonly links: ChannelLinks;
  private isOpen = false;
  private renderQueued = false;
  /** Pre-chat form, display rules, page views and the identify/cart/track API (SPEC C3, C4, E8). */
  readonly extras: WidgetExtras;

  constructor(config: WidgetConfig, private readonly api: PublicApi) {
    this.session = new ChatSession({
      channelKey: config.channelKey,
      socketUrl: config.socketUrl,
      createSocket: (url) => new WebSocket(url) as unknown as SocketLike,
      storage: browserStorage(),
      page: currentPage,
      newClientId: () => createClientId(),
      group: config.group ?? null,
    });
    const apiOrigin = config.apiOrigin ?? config.socketUrl.replace(/^ws/, 'http').replace(/\/ws\/.*$/, '');
    this.files = new WidgetFiles({
      apiOrigin,
      token: () => this.session.visitorToken,
      onChange: () => this.view.setFiles(this.files.items, this.files.ready.length > 0 && !this.files.uploading),
      texts: () => this.view.texts,
    });
    this.links = new ChannelLinks({ apiOrigin, token: () => this.session.visitorToken, onChange: (links) => this.view.setChannelLinks(links) });
    this.view = new WidgetView({
      open: () => this.open(),
      close: () => this.close(),
      send: (text) => {
        if (this.files.uploading) return this.view.texts.uploadWait;
        if (!text.trim() && !this.files.ready.length) return this.view.texts.typeFirst;
        const result = this.session.send(text, this.files.ready);
        if (result.ok) this.files.clear();
        return result.ok ? null : result.error;
      },
      attach: (files) => void this.files.add(files),
      removeFile: (id) => this.files.remove(id),
      retry: (clientId) => this.session.retry(clientId),
      typing: (text) => this.session.typing(text),
      stopTyping: () => this.session.stopTyping(),
      edit: (messageId, text) => {
        const result = this.session.edit(messageId, text);
        return result.ok ? null : result.error;
      },
      submitOffline: (fields, consent) => void this.session.submitOfflineForm(fields, consent),
      submitContact: (values, consent) => this.session.sendExtra({ type: 'contact', values, ...(consent ? { consent: true } : {}) }),
      botAnswer: (id) => void this.session.answerBot(id),
      botRestart: () => this.session.restartBot(),
    }, { mode: config.mode ?? 'embed', languages: browserLanguages, apiOrigin, loader: new LanguageLoader({ apiOrigin }) });
    this.extras = new WidgetExtras(this.session, this.view, api, () => this.open());
    this.session.on('change', () => this.scheduleRender());
    this.session.on('message', (m) => this.onLiveMessage(m));
    this.session.on('error', (code, message, fatal) => {
      if (fatal) {
        this.view.hideAll();
        if (!warned) {
          warned = true;
          console.warn(`[parley] chat disabled: ${code}${message ? ` (${message})` : ''}`);
        }
      } else {
        this.view.setGeneralError(message || this.view.texts.error, code);
      }
    });
  }

  start(): void {
    this.view.applySettings(this.session.settings);
    this.view.mount();
    this.render();
    // Connect at once (after the page went idle): a returning visitor's conversation continues across
    // pages, the page view is recorded (E8) and the server tells the country for display rules (C4).
    this.extras.start();
    this.session.connect();
    if (this.view.mode === 'page') this.open();
    window.addEventListener('online', () => this.session.reconnectNow());
    window.addEventListener('offline', () => this.session.connectionLost());
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'visible') {
        this.session.reconnectNow();
        this.reportRead();
      }
    });
  }

  open(): void {
    if (this.session.state === 'fatal') return;
    this.session.connect();
    if (this.isOpen) return;
    this.isOpen = true;
    this.view.setVisible(true); // Parley.open() shows the chat even where display rules hide the launcher
    this.view.setOpen(true);
    this.reportRead();
    this.session.startBot(); // SPEC C9: the channel's bot greets a visitor without a conversation
    this.api.emit('open');
  }

  identify(data: IdentifyData): void {
    this.session.sendExtra({ type: 'identify', ...data });
  }

  /** Parley.setCart: prices may be numbers (18.5) or decimal strings ("18.50"); numbers go on the wire as their decimal text, the server checks the rest. */
  setCart(items: unknown[]): void {
    this.session.sendExtra({ type: 'cart', items: items.map(cartPriceAsText) as CartItemInput[] });
  }

  track(event: string, data?: Record<string, unknown>): void {
    this.session.sendExtra({ type: 'track', event, ...(data ? { data } : {}) });
  }

  /** Parley.visitorId(): the subject of the stored visitor token (issue #15: the shop's server reports the cart by it). */
  visitorId(): string | null {
    return visitorIdOfToken(this.session.visitorToken);
  }

  close(): void {
    if (!this.isOpen || this.view.mode === 'page') return;
    this.isOpen = false;
    this.view.setOpen(false);
    this.api.emit('close');
  }

  private onLiveMessage(message: VisitorMessage): void {
    if (message.authorType !== MessageAuthorType.visitor) this.view.noteIncoming();
    this.api.emit('message', message);
  }

  /** Many frames in a row (a replay) cause one render. */
  private scheduleRender(): void {
    if (this.renderQueued) return;
    this.renderQueued = true;
    queueMicrotask(() => {
      this.renderQueued = false;
      this.render();
    });
  }

  private render(): void {
    this.view.applySettings(this.session.settings);
    this.extras.update();
    this.view.setConnection(this.session.state);
    this.view.render(this.session.store.items(), {
      operatorReadSeq: this.session.operatorReadSeq,
      operatorTyping: this.session.operatorTyping,
      queue: this.session.queue,
      joinedName: this.session.joinedName,
      bot: this.session.bot,
      editableId: this.session.editable()?.id ?? null,
    });
    this.view.setOffline(this.session.offlineMode, this.session.offline);
    // the visitor is a contact once a message of theirs is stored
    void this.links.update(this.session.store.items().some((i) => i.kind === 'message' && i.message.authorType === MessageAuthorType.visitor));
    this.reportRead();
  }

  /** SPEC A6: the visitor has read what is shown while the window is open and the page visible. */
  private reportRead(): void {
    if (this.isOpen && document.visibilityState === 'visible') this.session.markRead();
  }
}

function currentPage(): PageInfo {
  return {
    url: location.href.slice(0, 2000),
    title: document.title.slice(0, 300),
    referrer: document.referrer.slice(0, 2000),
  };
}

export { browserLanguages };

/** A finite number price becomes its shortest decimal text (18.5 → "18.5"): the cart never travels as a float. */
export function cartPriceAsText(item: unknown): unknown {
  if (!item || typeof item !== 'object' || Array.isArray(item)) return item;
  const price = (item as Record<string, unknown>)['price'];
  return typeof price === 'number' && Number.isFinite(price) ? { ...item, price: String(price) } : item;
}

/** The `sub` of a visitor token (a JWT; read only, the server verifies it), or null. */
export function visitorIdOfToken(token: string | null): string | null {
  const part = token?.split('.')[1];
  if (!part) return null;
  try {
    const json = JSON.parse(atob(part.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(part.length / 4) * 4, '='))) as { sub?: unknown };
    return typeof json.sub === 'string' ? json.sub : null;
  } catch {
    return null;
  }
}
