/**
 * The widget's DOM inside a shadow root: launcher, chat window, message list, composer.
 * It renders what the session holds and reports what the visitor does; it owns no protocol logic.
 */
import { ATTACHMENT_ACCEPT, BOT_AUTHOR_NAME, contactValueError, ErrorCode, MAX_ATTACHMENT_BYTES, MessageAuthorType, type ContactValues, type MessageCard, type PreChatFieldSetting, type WidgetSettings } from '@parley/shared/contracts';
import { attachmentNodes, renderFiles, type WidgetFile } from './attachments';
import type { ConnectionState } from './chat-session';
import { formatTime, h, icon, ICON_ATTACH, ICON_CHAT, ICON_CLOSE, ICON_SEND } from './dom';
import { linkify } from './linkify';
import { checkDraft } from './draft';
import { renderChannelLinks, type ChannelLink } from './channel-links';
import type { ChatItem } from './message-store';
import { LAUNCHER_ICON_PATHS } from './launcher-icons';
import { fill, hasTexts, isRtl, languageToLoad, negotiateLanguage, sessionErrorText, uiTexts, type UiTexts } from './i18n';
import { EN_TEXTS } from './i18n-en';
import type { LanguageLoader } from './i18n-loader';
import { cssVariables, DEFAULT_SETTINGS, pickTexts } from './settings';
import { WIDGET_CSS } from './styles';
import { consentLabel, OFFLINE_CSS, OfflineFormView, type OfflineState } from './offline-form';
import { BOT_CSS, BotButtonsView } from './bot-buttons';
import type { BotState } from './chat-session';
import type { OfflineFormFieldKey } from '@parley/shared/contracts';

const ATTACH_MB = Math.round(MAX_ATTACHMENT_BYTES / 1024 / 1024);
/** The label the widget itself used when a channel sent no consent text. */

/** embed: launcher + window on a host page; page: the direct chat link, always open, filling the page; preview: the admin screen's preview. */
export type WidgetMode = 'embed' | 'page' | 'preview';

export interface ViewOptions {
  mode?: WidgetMode;
  /** The visitor's languages, most preferred first (navigator.languages). */
  languages?: () => readonly string[];
  /** Where attachment links point (the API's origin); '' for same-origin. */
  apiOrigin?: string;
  /**
   * Fetches a language's texts on demand (SPEC C5); without it the view speaks the languages already
   * loaded and English otherwise.
   */
  loader?: Pick<LanguageLoader, 'isReady' | 'load'>;
}

export interface ViewCallbacks {
  open(): void;
  close(): void;
  /** Returns an error to show, or null when the text was accepted (the view then clears the input). */
  send(text: string): string | null;
  retry(clientId: string): void;
  /** The composer text changed / lost focus (typing reports, SPEC A6). */
  typing?(text: string): void;
  stopTyping?(): void;
  /** Edits the visitor's last message; returns an error to show, or null when accepted. */
  edit?(messageId: string, text: string): string | null;
  /** SPEC C2: the visitor sent the offline form. */
  submitOffline?(fields: Partial<Record<OfflineFormFieldKey, string>>, consent: boolean): void;
  /** The pre-chat form was filled in (values already checked in the browser). */
  /** The pre-chat form (SPEC C3); `consent`: its marketing consent box was ticked (C8). */
  submitContact?(values: ContactValues, consent: boolean): void;
  /** Files picked, pasted or dropped (SPEC A9); absent: no attach button. */
  attach?(files: File[]): void;
  removeFile?(id: number): void;
  /** SPEC D2: an answer button of the bot, and "start again". */
  botAnswer?(buttonId: string): void;
  botRestart?(): void;
}

/** Live state drawn next to the messages. */
export interface LiveMarks {
  /** The visitor's messages up to this seq show "Read", later ones "Delivered". */
  operatorReadSeq: number;
  /** "<name> is typing…" when set ('' = unknown name). */
  operatorTyping: string | null;
  /** The visitor's message that can be edited now. */
  editableId: string | null;
  /** SPEC B4: the visitor's place in the queue while waiting. */
  queue?: { position: number; etaSeconds: number | null } | null;
  /** The operator who joined the chat ("<name> joined"). */
  joinedName?: string | null;
  /** SPEC D2: the bot's answer buttons / "start again". */
  bot?: BotState | null;
}

/** "You are number 2 in the queue · Estimated wait: 3 min" (SPEC B4) in the widget's language (C5). */
export function queueText(queue: { position: number; etaSeconds: number | null }, t: UiTexts = EN_TEXTS): string {
  const eta = queue.etaSeconds === null ? '' : queue.etaSeconds < 60 ? t.waitSoon : fill(t.wait, { m: Math.round(queue.etaSeconds / 60) });
  return fill(t.queue, { n: queue.position }) + (eta ? ` · ${eta}` : '');
}

const NO_MARKS: LiveMarks = { operatorReadSeq: 0, operatorTyping: null, editableId: null };

const HOST_TAG = 'parley-widget';

export class WidgetView {
  readonly host: HTMLElement;
  private readonly root: HTMLElement;
  private readonly launcher: HTMLButtonElement;
  private readonly badge: HTMLElement;
  private readonly panel: HTMLElement;
  private readonly title: HTMLElement;
  private readonly banner: HTMLElement;
  private readonly list: HTMLOListElement;
  private readonly welcome: HTMLLIElement;
  private readonly welcomeText: HTMLElement;
  private readonly input: HTMLTextAreaElement;
  private readonly sendButton: HTMLButtonElement;
  private readonly errorLine: HTMLElement;
  private readonly counter: HTMLElement;
  private readonly typingLine: HTMLElement;
  /** One line under the header: queue position while waiting, then who joined. */
  private readonly routingLine: HTMLElement;
  private readonly editBar: HTMLElement;
  private readonly filesBox: HTMLElement;
  /** SPEC A2: "Continue in Telegram" links, under the composer. */
  private readonly linksBox: HTMLElement;
  private channelLinks: readonly ChannelLink[] = [];
  /** Uploaded files wait to be sent: the message may then have no text. */
  private filesReady = false;
  /** The message being edited, or null when the composer writes a new one. */
  private editing: { id: string; body: string } | null = null;
  private marks: LiveMarks = NO_MARKS;
  private lastItems: ChatItem[] = [];
  private readonly rows = new Map<string, HTMLLIElement>();
  private readonly signatures = new WeakMap<Element, string>();
  private unread = 0;
  private isOpen = false;
  private sendError = '';
  private subtitle!: HTMLElement;
  private avatar!: HTMLImageElement;
  private settings: WidgetSettings | null = null;
  private operatorName = '';
  private readonly offlineView: OfflineFormView;
  private readonly botView: BotButtonsView;
  /** Composer, its footer and the live lines: hidden while the offline form shows. */
  private chatOnly: HTMLElement[] = [];
  private lastOfflineState: OfflineState | null = null;
  private lastOfflineMode: 'form' | 'thanks' | null = null;
  readonly mode: WidgetMode;
  /** The language the widget speaks (SPEC C5) and its texts. */
  lang = 'en';
  private t: UiTexts = uiTexts('en');
  /** The negotiated language, and the one whose file is being fetched. */
  private wantedLang = 'en';
  private loadingLang: string | null = null;
  private closeButton!: HTMLButtonElement;
  private cancelEditButton!: HTMLButtonElement;
  private editLabel!: HTMLElement;
  private composer!: HTMLFormElement;
  private attachButton!: HTMLButtonElement;
  private prechat!: HTMLFormElement;
  private prechatFields: PreChatFieldSetting[] = [];
  private teaser!: HTMLElement;
  private teaserText!: HTMLElement;
  private teaserDismissed = false;

  constructor(private readonly cb: ViewCallbacks, private readonly options: ViewOptions = {}) {
    this.mode = options.mode ?? 'embed';
    this.host = document.createElement(HOST_TAG);
    // Inline `all: initial` resets whatever the host page's CSS says about our element.
    this.host.setAttribute('style', 'all:initial');
    this.host.setAttribute('data-parley', '');
    const shadow = this.host.attachShadow({ mode: 'open' });
    shadow.appendChild(h('style', {}, WIDGET_CSS + OFFLINE_CSS + BOT_CSS));

    this.badge = h('span', { class: 'badge', 'aria-hidden': 'true', hidden: true });
    this.launcher = h(
      'button',
      { class: 'launcher', type: 'button', 'aria-label': 'Open chat', 'aria-expanded': 'false', 'aria-controls': 'parley-panel', 'data-testid': 'parley-launcher' },
      icon(ICON_CHAT),
      this.badge,
    );
    this.title = h('h2', { class: 'title', id: 'parley-title' });
    const closeButton = h('button', { class: 'close', type: 'button', 'aria-label': 'Close chat', 'data-testid': 'parley-close' }, icon(ICON_CLOSE));
    // the connection is down (translated text): a polite live region that stays in the page, empty
    // (and collapsed) while connected, so screen readers announce the text when it appears
    this.banner = h('div', { class: 'banner conn', role: 'status', 'aria-live': 'polite', 'aria-atomic': 'true', 'data-testid': 'parley-connection' });
    this.welcomeText = h('div', { class: 'bubble' });
    this.welcome = h('li', { class: 'msg operator welcome', 'data-testid': 'parley-welcome' }, this.welcomeText);
    this.list = h('ol', { class: 'list', role: 'log', 'aria-live': 'polite', 'aria-label': 'Messages' }, this.welcome);
    this.input = h('textarea', { rows: '1', 'aria-label': 'Message', 'data-testid': 'parley-input', enterkeyhint: 'send' });
    this.sendButton = h('button', { class: 'send', type: 'submit', 'aria-label': 'Send message', 'data-testid': 'parley-send' }, icon(ICON_SEND));
    this.errorLine = h('span', { class: 'error', role: 'alert', 'data-testid': 'parley-error' });
    this.counter = h('span', { class: 'counter', 'data-testid': 'parley-counter' });
    this.typingLine = h('div', { class: 'typing', 'aria-live': 'polite', 'data-testid': 'parley-typing', hidden: true });
    this.routingLine = h('div', { class: 'banner routing', role: 'status', 'data-testid': 'parley-routing', hidden: true });
    const cancelEdit = h('button', { class: 'cancel-edit', type: 'button', 'data-testid': 'parley-edit-cancel' }, 'Cancel');
    this.editBar = h('div', { class: 'edit-bar', role: 'status', 'data-testid': 'parley-edit-bar', hidden: true }, h('span', {}, 'Editing your message'), cancelEdit);
    cancelEdit.addEventListener('click', () => this.cancelEdit());
    this.filesBox = h('div', { class: 'files', 'data-testid': 'parley-files', hidden: true });
    this.linksBox = h('div', { class: 'channel-links', 'data-testid': 'parley-channel-links', hidden: true });
    const picker = h('input', { type: 'file', multiple: true, accept: ATTACHMENT_ACCEPT, hidden: true, 'data-testid': 'parley-file-input' });
    const attach = h('button', { class: 'attach', type: 'button', 'aria-label': fill(this.t.attach, { mb: ATTACH_MB }), 'data-testid': 'parley-attach', hidden: !cb.attach }, icon(ICON_ATTACH));
    this.attachButton = attach;
    attach.addEventListener('click', () => picker.click());
    picker.addEventListener('change', () => {
      if (picker.files?.length) cb.attach?.(Array.from(picker.files));
      picker.value = '';
    });
    const form = h('form', { class: 'composer' }, picker, attach, this.input, this.sendButton);
    this.closeButton = closeButton;
    this.cancelEditButton = cancelEdit;
    this.editLabel = this.editBar.querySelector('span') as HTMLElement;
    this.composer = form;
    this.prechat = h('form', { class: 'prechat', 'data-testid': 'parley-prechat', novalidate: true, hidden: true });
    this.prechat.addEventListener('submit', (e) => {
      e.preventDefault();
      this.submitPreChat();
    });
    this.panel = h(
      'section',
      { class: 'panel', id: 'parley-panel', role: 'dialog', 'aria-labelledby': 'parley-title', hidden: true, 'data-testid': 'parley-panel' },
      h('header', { class: 'header' }, h('div', { class: 'titles' }, this.title, h('p', { class: 'sub' }, 'We usually reply within a few minutes')), closeButton),
      this.banner,
      this.routingLine,
      this.list,
      this.typingLine,
      this.editBar,
      this.filesBox,
      this.prechat,
      form,
      h('div', { class: 'foot' }, this.errorLine, this.counter),
      this.linksBox,
    );
    this.botView = new BotButtonsView({ answer: (id) => this.cb.botAnswer?.(id), restart: () => this.cb.botRestart?.() });
    this.typingLine.after(this.botView.element);
    this.offlineView = new OfflineFormView({ submit: (fields, consent) => this.cb.submitOffline?.(fields, consent) });
    form.before(this.offlineView.element);
    this.chatOnly = [this.list, this.typingLine, this.botView.element, this.editBar, form, this.panel.querySelector('.foot') as HTMLElement];
    this.teaserText = h('span', { class: 'teaser-text' });
    const dismiss = h('button', { class: 'teaser-x', type: 'button', 'aria-label': 'Dismiss', 'data-testid': 'parley-teaser-dismiss' }, '×');
    this.teaser = h('div', { class: 'teaser', role: 'status', hidden: true, 'data-testid': 'parley-teaser' }, this.teaserText, dismiss);
    this.teaserText.addEventListener('click', () => this.cb.open());
    dismiss.addEventListener('click', () => {
      this.teaserDismissed = true;
      this.teaser.hidden = true;
    });
    this.root = h('div', { class: `root mode-${this.mode}`, 'data-testid': 'parley-root' }, this.teaser, this.launcher, this.panel);
    this.decorateHeader();
    shadow.appendChild(this.root);

    this.launcher.addEventListener('click', () => this.cb.open());
    closeButton.addEventListener('click', () => this.cb.close());
    this.panel.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') {
        e.stopPropagation();
        this.cb.close();
      }
    });
    this.input.addEventListener('paste', (e) => {
      const files = e.clipboardData?.files;
      if (!files?.length || !cb.attach) return;
      e.preventDefault();
      cb.attach(Array.from(files));
    });
    this.panel.addEventListener('dragover', (e) => cb.attach && e.preventDefault());
    this.panel.addEventListener('drop', (e) => {
      if (!cb.attach) return;
      e.preventDefault();
      if (e.dataTransfer?.files.length) cb.attach(Array.from(e.dataTransfer.files));
    });
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      this.submit();
    });
    this.input.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
        e.preventDefault();
        this.submit();
      } else if (e.key === 'Escape' && this.editing) {
        e.preventDefault();
        e.stopPropagation();
        this.cancelEdit();
      } else if (e.key === 'ArrowUp' && !this.input.value && this.marks.editableId) {
        e.preventDefault();
        this.startEdit(this.marks.editableId);
      }
    });
    this.input.addEventListener('input', () => {
      this.sendError = '';
      this.autosize();
      this.updateDraft();
      if (!this.editing) this.cb.typing?.(this.input.value);
    });
    this.input.addEventListener('blur', () => this.cb.stopTyping?.());
    this.list.addEventListener('click', (e) => {
      const target = e.target as HTMLElement | null;
      const clientId = target?.getAttribute?.('data-retry');
      if (clientId) this.cb.retry(clientId);
      const editId = target?.getAttribute?.('data-edit');
      if (editId) this.startEdit(editId);
    });
    this.updateDraft();
  }

  mount(parent: Node = document.body): void {
    if (!this.host.isConnected) parent.appendChild(this.host);
  }

  applySettings(s: WidgetSettings): void {
    this.settings = s;
    const supported = (c: string) => typeof CSS === 'undefined' || !CSS.supports || CSS.supports('color', c);
    for (const [name, value] of Object.entries(cssVariables(s))) {
      if (name.startsWith('--') && !value.endsWith('px') && value !== '50%' && !supported(value)) continue;
      this.root.style.setProperty(name, value);
    }
    this.root.classList.toggle('left', s.position === 'left');
    this.root.classList.toggle('no-launcher', !!s.hideLauncher);
    const path = LAUNCHER_ICON_PATHS[s.launcherIcon ?? 'chat'] ?? LAUNCHER_ICON_PATHS.chat;
    const current = this.launcher.querySelector('svg');
    if (current?.getAttribute('data-icon') !== (s.launcherIcon ?? 'chat')) {
      const next = icon(path);
      next.setAttribute('data-icon', s.launcherIcon ?? 'chat');
      if (current) current.replaceWith(next);
      else this.launcher.prepend(next);
    }
    this.launcher.setAttribute('data-shape', s.launcherShape ?? 'circle');
    const browser = this.options.languages?.() ?? [];
    this.wantLanguage(negotiateLanguage(browser, Object.keys(s.texts ?? {}), s.defaultLanguage));
    const texts = pickTexts(s, browser);
    // the admin's own title wins; the stock one speaks the visitor's language (C5)
    const title = s.showOperatorIdentity && this.operatorName ? this.operatorName : s.title && s.title !== DEFAULT_SETTINGS.title ? s.title : this.t.title;
    this.title.textContent = title;
    this.panel.setAttribute('aria-label', title);
    this.subtitle.textContent = texts.header;
    this.subtitle.hidden = !texts.header;
    this.welcomeText.textContent = texts.welcome;
    this.welcome.hidden = !texts.welcome;
    // the admin's own placeholder wins; the stock one speaks the visitor's language
    this.input.placeholder = s.inputPlaceholder && s.inputPlaceholder !== DEFAULT_SETTINGS.inputPlaceholder ? s.inputPlaceholder : this.t.placeholder;
    const avatar = s.showOperatorIdentity && this.operatorName ? '' : (s.avatarUrl ?? '');
    if (avatar) {
      if (this.avatar.getAttribute('src') !== avatar) this.avatar.setAttribute('src', avatar);
    } else this.avatar.removeAttribute('src');
    this.avatar.hidden = !avatar;
  }

  /**
   * Speaks `lang` once its texts are there. While a language file loads, the current texts stay; before
   * the first language is shown the widget stays invisible (no flash of English), at most the loader's
   * timeout — after which it speaks English (a late file still switches it at the next render).
   */
  private wantLanguage(lang: string): void {
    this.wantedLang = lang;
    const loader = this.options.loader;
    if (!loader || loader.isReady(lang)) {
      this.setLanguage(lang);
      this.setLanguageWait(false);
      return;
    }
    if (!this.root.getAttribute('lang')) this.setLanguageWait(true);
    if (this.loadingLang === lang) return;
    this.loadingLang = lang;
    void loader.load(lang).then(() => {
      if (this.loadingLang === lang) this.loadingLang = null;
      if (this.wantedLang !== lang) return;
      // now ready (English when the file did not come in time): labels, header and welcome defaults
      if (this.settings) this.applySettings(this.settings);
      else {
        this.setLanguage(lang);
        this.setLanguageWait(false);
      }
    });
  }

  private setLanguageWait(waiting: boolean): void {
    this.root.classList.toggle('i18n-wait', waiting);
  }

  /**
   * Speaks `wanted`: every label, `lang` and `dir` (right-to-left languages mirror the layout). A widget
   * language whose file is not loaded (failed, timed out) is spoken as English, left to right.
   */
  private setLanguage(wanted: string): void {
    const file = languageToLoad(wanted);
    const lang = file && !hasTexts(file) ? 'en' : wanted;
    if (lang === this.lang && this.root.getAttribute('lang')) return;
    this.lang = lang;
    this.t = uiTexts(lang);
    const t = this.t;
    renderChannelLinks(this.linksBox, this.channelLinks, t);
    const rtl = isRtl(lang);
    this.root.setAttribute('lang', lang);
    this.root.setAttribute('dir', rtl ? 'rtl' : 'ltr');
    this.root.classList.toggle('rtl', rtl);
    this.launcher.setAttribute('aria-label', t.open);
    this.closeButton.setAttribute('aria-label', t.close);
    this.list.setAttribute('aria-label', t.msgs);
    this.input.setAttribute('aria-label', t.input);
    this.sendButton.setAttribute('aria-label', this.editing ? t.save : t.send);
    this.attachButton.setAttribute('aria-label', fill(t.attach, { mb: ATTACH_MB }));
    this.attachButton.title = fill(t.attach, { mb: ATTACH_MB });
    this.cancelEditButton.textContent = t.cancel;
    this.editLabel.textContent = t.editing;
    this.teaser.querySelector('.teaser-x')?.setAttribute('aria-label', t.dismiss);
    if (this.prechatFields.length) this.setPreChat(this.prechatFields);
    this.renderBadge();
    this.render(this.lastItems, this.marks);
    if (this.lastOfflineState) this.setOffline(this.lastOfflineMode, this.lastOfflineState);
  }

  /** The texts of the language the widget speaks. */
  get texts(): UiTexts {
    return this.t;
  }

  /**
   * Pre-chat form (SPEC C3): asks for the fields the server does not know yet, before the first
   * message. An empty list hides it and shows the composer.
   */
  setPreChat(fields: PreChatFieldSetting[]): void {
    this.prechatFields = fields;
    const show = fields.length > 0;
    this.prechat.hidden = !show;
    this.composer.hidden = show;
    this.prechat.textContent = '';
    if (!show) return;
    const t = this.t;
    this.prechat.appendChild(h('p', { class: 'prechat-intro' }, t.form));
    for (const f of fields) {
      const id = `parley-pc-${f.field}`;
      const input = h('input', {
        id,
        name: f.field,
        type: f.field === 'email' ? 'email' : f.field === 'phone' ? 'tel' : 'text',
        autocomplete: f.field === 'email' ? 'email' : f.field === 'phone' ? 'tel' : 'name',
        'aria-required': String(f.required),
        'aria-describedby': `${id}-error`,
        'data-testid': `parley-prechat-${f.field}`,
      });
      const label = h('label', { for: id }, f.required ? t[f.field] : `${t[f.field]} (${t.optional})`);
      const error = h('span', { class: 'field-error', id: `${id}-error`, role: 'alert', 'data-testid': `parley-prechat-${f.field}-error` });
      this.prechat.appendChild(h('div', { class: 'field' }, label, input, error));
    }
    // SPEC C8: the marketing consent box, never ticked for the visitor, where the form asks for the e-mail
    const consent = this.settings?.marketingConsent;
    if (consent?.enabled && fields.some((f) => f.field === 'email')) {
      const box = h('input', { type: 'checkbox', id: 'parley-pc-consent', name: 'consent', 'data-testid': 'parley-prechat-consent' });
      const text = consentLabel(consent, t);
      this.prechat.appendChild(h('div', { class: 'consent' }, box, h('label', { for: 'parley-pc-consent', 'data-testid': 'parley-prechat-consent-label' }, text)));
    }
    this.prechat.appendChild(h('button', { class: 'start', type: 'submit', 'data-testid': 'parley-prechat-submit' }, t.start));
  }

  /** A value the server refused: shown under its field. */
  setPreChatError(field: string, message: string): void {
    const error = this.prechat.querySelector(`#parley-pc-${CSS_ESCAPE(field)}-error`);
    const input = this.prechat.querySelector(`#parley-pc-${CSS_ESCAPE(field)}`);
    if (!error) return this.setGeneralError(message);
    error.textContent = this.localError(message);
    input?.setAttribute('aria-invalid', 'true');
  }

  private localError(message: string): string {
    if (message === 'Required') return this.t.required;
    if (/subscription/i.test(message)) return this.t.consentEmail;
    if (/e-mail/i.test(message)) return this.t.badEmail;
    if (/phone/i.test(message)) return this.t.badPhone;
    return message;
  }

  private submitPreChat(): void {
    const values: ContactValues = {};
    let firstBad: HTMLInputElement | null = null;
    for (const f of this.prechatFields) {
      const input = this.prechat.querySelector(`#parley-pc-${f.field}`) as HTMLInputElement | null;
      const error = this.prechat.querySelector(`#parley-pc-${f.field}-error`) as HTMLElement | null;
      if (!input || !error) continue;
      const value = input.value.trim();
      const problem = !value ? (f.required ? 'Required' : null) : contactValueError(f.field, value);
      error.textContent = problem ? this.localError(problem) : '';
      input.setAttribute('aria-invalid', String(!!problem));
      if (problem && !firstBad) firstBad = input;
      if (value && !problem) values[f.field] = value;
    }
    const consent = (this.prechat.querySelector('#parley-pc-consent') as HTMLInputElement | null)?.checked === true;
    const emailInput = this.prechat.querySelector('#parley-pc-email') as HTMLInputElement | null;
    if (consent && emailInput && !values.email && !firstBad) {
      const error = this.prechat.querySelector('#parley-pc-email-error') as HTMLElement | null;
      if (error) error.textContent = this.t.consentEmail;
      emailInput.setAttribute('aria-invalid', 'true');
      firstBad = emailInput;
    }
    if (firstBad) {
      firstBad.focus();
      return;
    }
    this.cb.submitContact?.(values, consent);
  }

  /** Display rules (SPEC C4): a teaser next to the launcher, or none. */
  setTeaser(text: string | null): void {
    this.teaserText.textContent = text ?? '';
    this.teaser.hidden = !text || this.teaserDismissed || this.isOpen;
  }

  /** Display rules (SPEC C4): the whole widget shown or hidden on this page. */
  setVisible(visible: boolean): void {
    this.root.hidden = !visible;
  }

  /** Avatar before the titles and a handle on the subtitle line (kept apart from the constructor's markup). */
  private decorateHeader(): void {
    this.subtitle = this.panel.querySelector('.sub') as HTMLElement;
    this.subtitle.setAttribute('data-testid', 'parley-subtitle');
    this.title.setAttribute('data-testid', 'parley-title');
    this.avatar = h('img', { class: 'avatar', alt: '', referrerpolicy: 'no-referrer', hidden: true, 'data-testid': 'parley-avatar' });
    this.panel.querySelector('.titles')?.before(this.avatar);
  }

  /** The widget's root element inside the shadow root (tests and the preview read its styles). */
  get rootElement(): HTMLElement {
    return this.root;
  }

  setOpen(open: boolean): void {
    if (this.isOpen === open) return;
    this.isOpen = open;
    this.panel.hidden = !open;
    if (open) this.teaser.hidden = true;
    this.launcher.hidden = open && this.mode !== 'preview';
    this.launcher.setAttribute('aria-expanded', String(open));
    if (open && this.mode === 'preview') return; // never take the focus from the admin's form
    if (open) {
      this.unread = 0;
      this.renderBadge();
      this.scrollToEnd();
      try {
        this.input.focus({ preventScroll: true });
      } catch {
        this.input.focus();
      }
    } else if (this.host.shadowRoot?.activeElement) {
      this.launcher.focus();
    }
  }

  /** Counts an operator message that arrived while the window is closed. */
  noteIncoming(): void {
    if (this.isOpen) return;
    this.unread++;
    this.renderBadge();
  }

  hideAll(): void {
    this.host.hidden = true;
    this.host.setAttribute('style', 'all:initial;display:none');
  }

  setConnection(state: ConnectionState): void {
    const text = state === 'reconnecting' ? this.t.reconnect : '';
    if (this.banner.textContent !== text) this.banner.textContent = text;
  }

  /** SPEC C2: the offline form (or its thank-you note) instead of the chat; null shows the chat. */
  setOffline(mode: 'form' | 'thanks' | null, state: OfflineState): void {
    const wasShown = !this.offlineView.element.hidden;
    const form = mode && this.settings?.offlineForm ? this.settings.offlineForm : null;
    this.offlineView.render(form, this.settings?.marketingConsent, mode === 'thanks' ? { ...state, status: 'sent' } : state, this.t);
    if (form) {
      for (const el of this.chatOnly) el.hidden = true;
    } else if (wasShown) {
      for (const el of this.chatOnly) el.hidden = false;
      this.editBar.hidden = !this.editing;
      this.typingLine.hidden = this.marks.operatorTyping === null;
    }
    // focus the first invalid field once per refused submit, not on every render
    if (form && state !== this.lastOfflineState && state.status === 'error' && this.isOpen) this.offlineView.focusFirstError(state);
    this.lastOfflineState = state;
    this.lastOfflineMode = mode;
  }

  /** An error under the composer, in the widget's language (`code`: the server's error code, if any). */
  setGeneralError(message: string, code?: string): void {
    this.sendError = sessionErrorText(message, this.t, code);
    this.updateDraft();
  }

  render(items: ChatItem[], marks: LiveMarks = NO_MARKS): void {
    this.marks = marks;
    this.lastItems = items;
    const typing = marks.operatorTyping;
    this.typingLine.textContent = typing === null ? '' : fill(this.t.typing, { name: typing || this.t.operator });
    this.typingLine.hidden = typing === null;
    const routing = marks.queue ? queueText(marks.queue, this.t) : marks.joinedName ? fill(this.t.joined, { name: marks.joinedName }) : '';
    if (this.routingLine.textContent !== routing) this.routingLine.textContent = routing;
    this.routingLine.hidden = !routing;
    this.botView.render(marks.bot ?? null, this.t);
    if (this.editing && this.editing.id !== marks.editableId) this.cancelEdit();
    // B9: the operator who took the chat replaces the company name in the header
    let operatorName = '';
    for (const item of items) if (item.kind === 'message' && item.message.authorType === MessageAuthorType.operator && item.message.authorName) operatorName = item.message.authorName;
    if (operatorName !== this.operatorName) {
      this.operatorName = operatorName;
      if (this.settings?.showOperatorIdentity) this.applySettings(this.settings);
    }
    const nearEnd = this.list.scrollHeight - this.list.scrollTop - this.list.clientHeight < 80;
    const seen = new Set<string>();
    let grewWithOwn = false;
    let prev: Element = this.welcome;
    for (const item of items) {
      seen.add(item.key);
      let row = this.rows.get(item.key);
      if (!row) {
        row = h('li', { 'data-testid': 'parley-message' });
        this.rows.set(item.key, row);
        if (item.kind === 'pending') grewWithOwn = true;
      }
      this.fillRow(row, item);
      if (prev.nextSibling !== row) prev.after(row);
      prev = row;
    }
    for (const [key, row] of this.rows) {
      if (!seen.has(key)) {
        row.remove();
        this.rows.delete(key);
      }
    }
    if (nearEnd || grewWithOwn) this.scrollToEnd();
  }

  private fillRow(row: HTMLLIElement, item: ChatItem): void {
    const author = item.kind === 'pending' ? MessageAuthorType.visitor : item.message.authorType;
    const body = item.kind === 'pending' ? item.pending.body : item.message.body;
    const failed = item.kind === 'pending' && item.pending.status === 'failed';
    // SPEC D2: the bot's messages read like an operator's, signed "Bot"
    const isBot = item.kind === 'message' && author === MessageAuthorType.system && item.message.authorName === BOT_AUTHOR_NAME;
    const cls = `msg ${isBot ? 'operator bot' : author}${item.kind === 'pending' ? ' pending' : ''}${failed ? ' failed' : ''}`;
    const t = this.t;
    const name = item.kind === 'message' && (author === MessageAuthorType.operator || isBot) ? item.message.authorName || t.operator : '';
    const time = formatTime(item.kind === 'pending' ? item.pending.createdAt : item.message.createdAt);
    let status = '';
    if (item.kind === 'pending') status = failed ? `${t.notSent}${errorText(t, item.pending.errorCode, item.pending.errorMessage)}` : t.sending;
    else if (author === MessageAuthorType.visitor) status = item.message.seq <= this.marks.operatorReadSeq ? t.read : t.delivered;
    const edited = item.kind === 'message' && !!item.message.editedAt;
    const editable = item.kind === 'message' && item.message.id === this.marks.editableId;
    const files = (item.kind === 'pending' ? item.pending.attachments : item.message.attachments) ?? [];
    // Cheap signature check: rebuild the row only when something visible changed.
    const card = item.kind === 'message' ? (item.message.card ?? null) : null;
    const sig = [cls, name, time, status, body, edited, editable, this.lang, files.map((f) => f.url).join(), card ? JSON.stringify(card) : ''].join('\u0000');
    if (this.signatures.get(row) === sig) return;
    this.signatures.set(row, sig);
    row.className = cls;
    row.setAttribute('data-author', author);
    if (item.kind === 'pending') row.setAttribute('data-status', item.pending.status);
    else row.removeAttribute('data-status');
    row.textContent = '';
    if (name) row.appendChild(h('div', { class: 'author' }, name));
    else if (author === MessageAuthorType.visitor) row.appendChild(h('span', { class: 'sr' }, t.you));
    // a product card shows the card (its body is the same as text, for other channels)
    if (card) row.appendChild(h('div', { class: 'bubble card' }, productCard(card, this.lang)));
    // web addresses (a payment link) are links: only http(s), opened in a new tab
    else row.appendChild(h('div', { class: 'bubble' }, ...(body ? linkify(body) : []), files.length ? attachmentNodes(files, this.options.apiOrigin ?? '', this.t) : null));
    const meta = h('div', { class: 'meta' });
    if (time) meta.appendChild(h('time', { datetime: item.kind === 'pending' ? item.pending.createdAt : item.message.createdAt }, time));
    if (edited) meta.appendChild(h('span', { class: 'edited', 'data-testid': 'parley-edited' }, t.edited));
    if (status) meta.appendChild(h('span', { class: 'state', 'data-testid': 'parley-state' }, status));
    if (editable && item.kind === 'message') {
      meta.appendChild(h('button', { class: 'edit', type: 'button', 'data-edit': item.message.id, 'aria-label': t.editLabel, 'data-testid': 'parley-edit' }, t.edit));
    }
    if (failed && item.kind === 'pending') {
      meta.appendChild(h('button', { class: 'retry', type: 'button', 'data-retry': item.pending.clientId }, t.retry));
    }
    if (meta.childNodes.length) row.appendChild(meta);
  }

  /** Puts the message's text into the composer; sending then edits it. */
  startEdit(messageId: string): void {
    const item = this.lastItems.find((i) => i.kind === 'message' && i.message.id === messageId);
    if (!item || item.kind !== 'message' || !this.cb.edit) return;
    this.cb.stopTyping?.();
    this.editing = { id: messageId, body: item.message.body };
    this.editBar.hidden = false;
    this.input.value = item.message.body;
    this.sendButton.setAttribute('aria-label', this.t.save);
    this.autosize();
    this.updateDraft();
    this.input.focus();
  }

  cancelEdit(): void {
    if (!this.editing) return;
    this.editing = null;
    this.editBar.hidden = true;
    this.input.value = '';
    this.sendButton.setAttribute('aria-label', this.t.send);
    this.sendError = '';
    this.autosize();
    this.updateDraft();
  }

  private submit(): void {
    if (this.editing && this.cb.edit) {
      const editError = this.cb.edit(this.editing.id, this.input.value);
      if (editError === null) this.cancelEdit();
      else {
        this.sendError = sessionErrorText(editError, this.t);
        this.updateDraft();
      }
      return;
    }
    const error = this.cb.send(this.input.value);
    if (error === null) {
      this.input.value = '';
      this.sendError = '';
      this.autosize();
    } else {
      this.sendError = sessionErrorText(error, this.t);
    }
    this.updateDraft();
  }

  /** SPEC A2: the messenger links the visitor may continue in (none: nothing shown). */
  setChannelLinks(links: readonly ChannelLink[]): void {
    this.channelLinks = links;
    renderChannelLinks(this.linksBox, links, this.t);
  }

  /** The files waiting above the composer; `ready`: some are uploaded and none still uploading. */
  setFiles(files: readonly WidgetFile[], ready: boolean): void {
    renderFiles(this.filesBox, files, (id) => this.cb.removeFile?.(id), this.t);
    this.filesReady = ready;
    this.updateDraft();
  }

  private updateDraft(): void {
    const draft = checkDraft(this.input.value);
    this.counter.textContent = draft.counter;
    this.counter.classList.toggle('over', !!draft.error);
    this.errorLine.textContent = draft.error ? fill(this.t.overLimit, { n: draft.over, max: draft.max }) : this.sendError;
    this.sendButton.disabled = !draft.canSend && !(this.filesReady && !draft.error && !this.editing);
    this.input.setAttribute('aria-invalid', String(!!draft.error));
  }

  private autosize(): void {
    const nearEnd = this.list.scrollHeight - this.list.scrollTop - this.list.clientHeight < 80;
    this.input.style.height = 'auto';
    this.input.style.height = `${Math.min(this.input.scrollHeight + 2, 120)}px`;
    if (nearEnd) this.scrollToEnd(); // a growing composer must not hide the last message
  }

  private renderBadge(): void {
    this.badge.textContent = this.unread > 9 ? '9+' : String(this.unread);
    this.badge.hidden = this.unread === 0;
    this.launcher.title = this.unread ? fill(this.t.unread, { n: this.unread }) : '';
  }

  private scrollToEnd(): void {
    this.list.scrollTop = this.list.scrollHeight;
  }
}

const CSS_ESCAPE = (s: string): string => s.replace(/[^a-zA-Z0-9_-]/g, '');

function errorText(t: UiTexts, code?: string, message?: string): string {
  switch (code) {
    case ErrorCode.RateLimited:
      return `: ${t.tooFast}`;
    case ErrorCode.MessageTooLong:
      return `: ${t.tooLong}`;
    case ErrorCode.EmptyMessage:
      return `: ${t.empty}`;
    case ErrorCode.Unavailable:
      return `: ${t.sendUnavailable}`;
    default:
      return message ? `: ${message.slice(0, 200)}` : '';
  }
}

/** Issue #12 (E3): a product card — image, name (a link to the shop's page, in a new tab), price in the widget's language. */
function productCard(card: MessageCard, lang: string): HTMLElement {
  let price = `${card.price} ${card.currency}`;
  try {
    price = new Intl.NumberFormat(lang, { style: 'currency', currency: card.currency }).format(Number(card.price));
  } catch {
    // an unknown currency: the amount and the code as sent
  }
  const img = card.imageUrl ? h('img', { src: card.imageUrl, alt: '', loading: 'lazy', width: '56', height: '56' }) : h('span', { class: 'ph', 'aria-hidden': 'true' }, card.name.slice(0, 1));
  const title = card.url ? h('a', { href: card.url, target: '_blank', rel: 'noopener noreferrer', class: 'name' }, card.name) : h('span', { class: 'name' }, card.name);
  return h('div', { class: 'product', 'data-testid': 'parley-product-card' }, img, h('div', { class: 'pt' }, title, h('span', { class: 'price', 'data-testid': 'parley-product-price' }, price)));
}
