/**
 * The visitor's chat session: one WebSocket to the visitor gateway, the hello/welcome handshake,
 * reconnects with backoff, the outbox of unacknowledged sends and the message store. No DOM here;
 * the UI subscribes with `onChange` and friends. Dependencies are injected so tests can drive it
 * against a real `ws` server or a fake.
 */
import {
  EDIT_WINDOW_MS,
  ErrorCode,
  MessageAuthorType,
  TYPING_EXPIRE_MS,
  TypingReporter,
  type ChatAttachment,
  type HelloFrame,
  type SendFrame,
  type VisitorClientFrame,
  type VisitorMessage,
  type WelcomeFrame,
  type WidgetSettings,
  type OfflineFormFieldKey,
  type OfflineFormResultFrame,
  validateOfflineForm,
  type ErrorFrame,
  type WidgetFeatureClientFrame,
  type WidgetFeatureServerFrame,
} from '@parley/shared/contracts';
import { backoffDelay } from './backoff';
import { checkDraft } from './draft';
import { encodeClientFrame, parseServerFrame } from './frames';
import { MessageStore, type PendingMessage } from './message-store';
import type { OfflineState } from './offline-form';
import { normalizeSettings } from './settings';
import { type KeyValueStore, settingsKey, tokenKey } from './storage';


/** The subset of the browser WebSocket the session uses (the `ws` package matches it). */
export interface SocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onclose: ((ev: unknown) => void) | null;
  onerror: ((ev: unknown) => void) | null;
}

export type ConnectionState = 'idle' | 'connecting' | 'open' | 'reconnecting' | 'fatal';

export interface PageInfo {
  url: string;
  title?: string;
  referrer?: string;
}

export interface SessionDeps {
  channelKey: string;
  socketUrl: string;
  createSocket: (url: string) => SocketLike;
  storage: KeyValueStore;
  page: () => PageInfo;
  newClientId: () => string;
  now?: () => Date;
  random?: () => number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
  /** Close and retry when the socket does not reach `welcome` within this time. */
  handshakeTimeoutMs?: number;
  /** SPEC B3: the embed line's `data-group`. */
  group?: string | null;
  /** Throttle of typing reports (defaults to TYPING_THROTTLE_MS). */
  typingThrottleMs?: number;
}

export interface SessionListeners {
  /** The store, settings or connection state changed: re-render. */
  change: () => void;
  /** A message that arrived live (not history replayed after `welcome`), including acked own sends. */
  message: (message: VisitorMessage) => void;
  /** An error not tied to a send. `fatal` means the session stopped (e.g. unknown channel). */
  error: (code: string, message: string, fatal: boolean) => void;
  /** Widget extras: `visitor`, `contact_saved`, `identified`, and `error` frames answering an extra (with `frame`). */
  feature: (frame: WidgetFeatureServerFrame | ErrorFrame) => void;
}

/** Errors after which reconnecting cannot help. */
const FATAL_CODES: readonly string[] = [ErrorCode.UnknownChannel, ErrorCode.ChannelInactive];
/** Errors that mean the stored visitor token is no good: drop it and start over. */
const TOKEN_CODES: readonly string[] = [ErrorCode.Unauthenticated, ErrorCode.TokenExpired];

/**
 * A send answered with a retriable error (the server's database or Redis did not answer) is sent
 * again by itself, with backoff and the same clientId (stored once); after this many automatic
 * attempts it shows as not sent, with Retry.
 */
export const SEND_AUTO_RETRIES = 5;
const OPEN = 1;

/** SPEC D2: what the widget shows of the bot. `busy`: an answer was sent and is not answered yet. */
export interface BotState {
  stepId: string | null;
  buttons: Array<{ id: string; label: string }>;
  canRestart: boolean;
  busy: boolean;
}

export type SendResult = { ok: true; clientId: string } | { ok: false; error: string };
export type EditResult = { ok: true } | { ok: false; error: string };

export class ChatSession {
  readonly store = new MessageStore();
  state: ConnectionState = 'idle';
  settings: WidgetSettings;
  /** Set once a `welcome` arrived on the current socket; sends wait for it. */
  private ready = false;
  private socket: SocketLike | null = null;
  private attempt = 0;
  private retryTimer: unknown = null;
  /** Sends answered with a retriable error: automatic attempts made, and the timer of the next one. */
  private readonly sendRetries = new Map<string, { attempts: number; timer: unknown }>();
  private handshakeTimer: unknown = null;
  /** Messages with seq up to this were history when the current socket said welcome. */
  private historyUntil = 0;
  private welcomed = false;
  /** Whether the current socket's hello carried a stored token. */
  private sentToken = false;
  /** Highest seq an operator has read: the visitor's messages up to it show "Read". */
  operatorReadSeq = 0;
  /** Name of the operator typing right now ('' when the name is unknown), or null. */
  operatorTyping: string | null = null;
  /** SPEC B5/B6: whether an operator can take a new chat (null until the server says). */
  available: boolean | null = null;
  /** SPEC B4: the visitor's place in the queue while waiting, else null. */
  queue: { position: number; etaSeconds: number | null } | null = null;
  /** The operator who last joined (took the chat), for "<name> joined". */
  joinedName: string | null = null;
  /** SPEC D2: the bot's answer buttons now, and whether to offer "start again"; null when there is no bot. */
  bot: BotState | null = null;
  /** The window was opened: start the channel's bot once the server has said welcome (SPEC C9). */
  private botWanted = false;
  /** The answer sent and not answered yet: sent again (same clientId) after a reconnect; the server applies it once. */
  private botAnswer: { type: 'bot_answer'; clientId: string; stepId: string; buttonId: string } | null = null;
  /** bot_start is sent once per page (the server ignores repeats anyway). */
  private botStartSent = false;
  private typingExpiry: unknown = null;
  private readSent = 0;
  private readonly typingReporter: TypingReporter;
  /** The offline form's progress and errors. */
  offline: OfflineState = { status: 'idle', fieldErrors: {}, message: '' };
  private offlinePending: { clientId: string; fields: Partial<Record<OfflineFormFieldKey, string>>; consent: boolean } | null = null;
  private readonly listeners: { [K in keyof SessionListeners]: SessionListeners[K][] } = {
    change: [],
    message: [],
    error: [],
    feature: [],
  };
  /** Extra frames (page, contact, identify, cart, track) waiting for `welcome`; bounded. */
  private extras: WidgetFeatureClientFrame[] = [];
  private readonly now: () => Date;
  private readonly random: () => number;
  private readonly setTimer: (fn: () => void, ms: number) => unknown;
  private readonly clearTimer: (handle: unknown) => void;

  constructor(private readonly deps: SessionDeps) {
    this.now = deps.now ?? (() => new Date());
    this.random = deps.random ?? Math.random;
    this.setTimer = deps.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
    this.clearTimer = deps.clearTimer ?? ((h) => clearTimeout(h as ReturnType<typeof setTimeout>));
    this.settings = this.readCachedSettings();
    this.typingReporter = new TypingReporter({
      report: (r) => {
        if (this.ready && this.store.conversationId) this.transmit({ type: 'typing', ...r });
      },
      now: () => this.now().getTime(),
      setTimer: this.setTimer,
      clearTimer: this.clearTimer,
      throttleMs: deps.typingThrottleMs,
    });
  }

  /** The composer's text changed (throttled typing report with the draft). */
  typing(text: string): void {
    this.typingReporter.input(text);
  }

  /** The composer lost focus or was cleared. */
  stopTyping(): void {
    this.typingReporter.stop();
  }

  /** The visitor has seen everything shown (window open, page visible): report it once per new seq. */
  markRead(): void {
    const seq = this.store.maxSeq;
    if (!this.ready || !this.store.conversationId || seq <= this.readSent) return;
    this.readSent = seq;
    this.transmit({ type: 'read', seq });
  }

  /** The visitor's message that may be edited now (their last one, within EDIT_WINDOW_MS). */
  editable(): VisitorMessage | null {
    return this.store.lastEditable(this.now(), EDIT_WINDOW_MS);
  }

  /** Edits the visitor's last message; the new text shows when the server confirms it. */
  edit(messageId: string, text: string): EditResult {
    const draft = checkDraft(text);
    if (!draft.canSend) return { ok: false, error: draft.error || 'Type a message first.' };
    const target = this.editable();
    if (!target || target.id !== messageId) return { ok: false, error: 'Only your last message can be edited, for 15 minutes.' };
    if (!this.ready) return { ok: false, error: 'Not connected. Try again in a moment.' };
    this.typingReporter.stop();
    if (draft.body !== target.body) this.transmit({ type: 'edit', messageId, body: draft.body });
    return { ok: true };
  }

  /**
   * What the window shows instead of the composer: the offline form when no operator is available
   * and the visitor has no conversation, the thank-you note after sending it, else nothing.
   */
  get offlineMode(): 'form' | 'thanks' | null {
    if (this.offline.status === 'sent') return 'thanks';
    const form = this.settings.offlineForm;
    if (!form?.enabled || this.available !== false || this.store.conversationId || this.store.items().length) return null;
    return 'form';
  }

  /** Checks the form with the shared rules, then sends it (after `welcome` when not yet connected). */
  submitOfflineForm(fields: Partial<Record<OfflineFormFieldKey, string>>, consent: boolean): boolean {
    const form = this.settings.offlineForm;
    if (!form || this.offline.status === 'sending') return false;
    const wantsConsent = consent && !!this.settings.marketingConsent?.enabled;
    const errors = validateOfflineForm(form, fields, wantsConsent);
    if (errors.length) {
      this.offline = { status: 'error', fieldErrors: Object.fromEntries(errors.map((e) => [e.field, e.message])), message: '' };
      this.emitChange();
      return false;
    }
    this.offlinePending = { clientId: this.deps.newClientId(), fields, consent: wantsConsent };
    this.offline = { status: 'sending', fieldErrors: {}, message: '' };
    this.emitChange();
    if (this.ready) this.transmitOffline();
    else this.connect();
    return true;
  }

  private transmitOffline(): void {
    const p = this.offlinePending;
    if (!p) return;
    this.transmit({ type: 'offline_form', clientId: p.clientId, fields: p.fields, ...(p.consent ? { consent: true } : {}) });
  }

  private handleOfflineResult(frame: OfflineFormResultFrame): void {
    if (!this.offlinePending || frame.clientId !== this.offlinePending.clientId) return;
    this.offlinePending = null;
    if (frame.ok) this.offline = { status: 'sent', fieldErrors: {}, message: '' };
    else {
      const fieldErrors = Object.fromEntries((frame.fieldErrors ?? []).map((e) => [e.field, e.message]));
      // the view shows the widget's own translation, picked by the code (SPEC C5)
      const message = frame.code === ErrorCode.RateLimited || !frame.fieldErrors?.length ? frame.message || 'The message could not be sent. Please try again.' : '';
      this.offline = { status: 'error', fieldErrors, message, ...(message && frame.code ? { code: frame.code } : {}) };
    }
    this.emitChange();
  }

  on<K extends keyof SessionListeners>(event: K, listener: SessionListeners[K]): () => void {
    const list = this.listeners[event] as SessionListeners[K][];
    list.push(listener);
    return () => {
      const i = list.indexOf(listener);
      if (i >= 0) list.splice(i, 1);
    };
  }

  /** The stored visitor token (for uploads, sent in a header), or null before the first welcome. */
  get visitorToken(): string | null {
    return this.deps.storage.get(tokenKey(this.deps.channelKey)) ?? null;
  }

  get hasStoredToken(): boolean {
    return !!this.deps.storage.get(tokenKey(this.deps.channelKey));
  }

  get isReady(): boolean {
    return this.ready;
  }

  /** Opens the socket unless one is open or opening (or the session stopped for good). */
  connect(): void {
    if (this.state === 'fatal' || this.socket) return;
    if (this.retryTimer !== null) {
      this.clearTimer(this.retryTimer);
      this.retryTimer = null;
    }
    this.setState(this.attempt === 0 ? 'connecting' : 'reconnecting');
    let socket: SocketLike;
    try {
      socket = this.deps.createSocket(this.deps.socketUrl);
    } catch {
      this.scheduleReconnect();
      return;
    }
    this.socket = socket;
    this.ready = false;
    this.armHandshakeTimer(socket);
    socket.onopen = () => {
      if (this.socket === socket) this.sendHello(socket);
    };
    socket.onmessage = (ev) => {
      if (this.socket === socket) this.handleFrame(ev.data);
    };
    socket.onerror = () => {
      /* a close event follows */
    };
    socket.onclose = () => {
      if (this.socket !== socket) return;
      this.dropSocket();
      this.scheduleReconnect();
    };
  }

  /** Skip the backoff wait (e.g. the browser came back online). */
  reconnectNow(): void {
    if (this.state === 'reconnecting' && !this.socket) {
      this.attempt = Math.max(this.attempt, 1);
      this.connect();
    }
  }

  /**
   * The browser says it is offline. Chromium keeps an open socket "open" then, silently carrying
   * nothing, so the visitor would see no sign: drop it and reconnect with backoff (state
   * `reconnecting`, the banner shows). Unacknowledged sends stay in the outbox and go again after
   * the next `welcome`, exactly as after a server restart; `online` reconnects at once.
   */
  connectionLost(): void {
    if (this.state === 'fatal' || this.state === 'idle') return;
    const socket = this.socket;
    if (socket) {
      this.dropSocket();
      safeClose(socket);
    }
    this.scheduleReconnect();
  }

  /** Closes the socket and stops reconnecting (tests, teardown). */
  disconnect(): void {
    this.typingReporter.stop();
    this.setOperatorTyping(null);
    if (this.retryTimer !== null) this.clearTimer(this.retryTimer);
    this.retryTimer = null;
    this.clearSendRetries();
    const socket = this.socket;
    this.dropSocket();
    if (socket) safeClose(socket);
    if (this.state !== 'fatal') this.setState('idle');
  }

  /** Queues the text (and uploaded files, SPEC A9) in the outbox and sends it when the socket is ready. */
  send(text: string, attachments: ChatAttachment[] = []): SendResult {
    if (this.state === 'fatal') return { ok: false, error: 'Chat is unavailable.' };
    const draft = checkDraft(text);
    if (!draft.canSend && (draft.error || !attachments.length)) return { ok: false, error: draft.error || 'Type a message first.' };
    this.typingReporter.stop();
    const clientId = this.deps.newClientId();
    const pending = this.store.addPending(clientId, draft.body, this.now().toISOString(), attachments);
    this.emitChange();
    if (this.ready) this.transmit(sendFrame(pending));
    else this.connect();
    return { ok: true, clientId };
  }

  /**
   * SPEC C9/D2: the visitor opened the window. When the channel's bot is on and there is no
   * conversation yet, the bot starts (now, or right after `welcome`).
   */
  startBot(): void {
    if (this.botStartSent) return;
    this.botWanted = true;
    this.maybeStartBot();
  }

  /** "Start again" after the bot closed the chat. */
  restartBot(): void {
    if (!this.ready || !this.bot?.canRestart) return;
    this.bot = { ...this.bot, canRestart: false, busy: true };
    this.transmit({ type: 'bot_start', restart: true });
    this.emitChange();
  }

  /** The visitor clicked an answer button of the current step; refused while one is on its way. */
  answerBot(buttonId: string): boolean {
    const bot = this.bot;
    if (!this.ready || !bot || bot.busy || !bot.stepId || !bot.buttons.some((b) => b.id === buttonId)) return false;
    this.bot = { ...bot, busy: true };
    this.botAnswer = { type: 'bot_answer', clientId: this.deps.newClientId(), stepId: bot.stepId, buttonId };
    this.transmit(this.botAnswer);
    this.emitChange();
    return true;
  }

  private maybeStartBot(): void {
    if (!this.botWanted || !this.ready || this.store.conversationId || this.store.maxSeq > 0) return;
    // nobody can take a chat now: the offline form shows instead (the bot starts if someone comes online)
    if (this.offlineMode) return;
    this.botWanted = false;
    if (!this.settings.bot) return;
    this.botStartSent = true;
    this.transmit({ type: 'bot_start' });
  }

  /** Sends a widget-extra frame now, or after the next `welcome` (connecting if needed). */
  sendExtra(frame: WidgetFeatureClientFrame): void {
    if (this.state === 'fatal') return;
    if (this.ready) {
      this.transmit(frame);
      return;
    }
    // a cart or identity replaces the waiting one of the same kind; at most 20 wait
    if (frame.type === 'cart' || frame.type === 'identify') this.extras = this.extras.filter((f) => f.type !== frame.type);
    this.extras.push(frame);
    if (this.extras.length > 20) this.extras.shift();
    this.connect();
  }

  /** Sends a failed message again with the same clientId (the server stores it once). */
  retry(clientId: string): void {
    this.clearSendRetry(clientId);
    const pending = this.store.retry(clientId);
    if (!pending) return;
    this.emitChange();
    if (this.ready) this.transmit(sendFrame(pending));
    else this.connect();
  }

  private sendHello(socket: SocketLike): void {
    const token = this.deps.storage.get(tokenKey(this.deps.channelKey));
    const hello: HelloFrame = { type: 'hello', channelKey: this.deps.channelKey, lastSeq: this.store.lastSeq };
    if (token) hello.visitorToken = token;
    if (this.deps.group) hello.group = this.deps.group.slice(0, 64);
    this.sentToken = !!token;
    try {
      const page = this.deps.page();
      if (page && page.url) hello.page = page;
    } catch {
      /* page info is best effort */
    }
    safeSend(socket, encodeClientFrame(hello));
  }

  private handleFrame(data: unknown): void {
    const frame = parseServerFrame(data);
    if (!frame) return; // malformed or unknown: ignore
    if (frame.type === 'error' && frame.retriable && this.retryFrameLater(frame)) return;
    if (frame.type === 'offline_form_result' && frame.retriable && this.retryOfflineLater(frame.clientId)) return;
    if (frame.type === 'bot') {
      this.botAnswer = null;
      this.bot = frame.buttons.length || frame.canRestart ? { stepId: frame.stepId, buttons: frame.buttons, canRestart: frame.canRestart, busy: false } : null;
      this.emitChange();
      return;
    }
    if (frame.type === 'error' && frame.frame === 'bot_answer') {
      // a stale or refused answer: the buttons work again (the server sends fresh ones when they changed)
      this.botAnswer = null;
      if (this.bot) this.bot = { ...this.bot, busy: false };
      this.emit('error', frame.code, frame.message || 'This answer is no longer offered.', false);
      this.emitChange();
      return;
    }
    // an edit's error (UNAVAILABLE ones carry frame: 'edit' too) shows in the view
    if (frame.type === 'error' && frame.messageId) {
      this.emit('error', frame.code, frame.message || 'The message could not be edited.', false);
      return;
    }
    if (frame.type === 'visitor' || frame.type === 'contact_saved' || frame.type === 'identified' || (frame.type === 'error' && frame.frame)) {
      this.emit('feature', frame);
      return;
    }
    switch (frame.type) {
      case 'welcome':
        this.handleWelcome(frame);
        return;
      case 'ack':
        this.clearSendRetry(frame.clientId);
        this.accept(this.store.ack(frame.clientId, frame.message), frame.message, true);
        return;
      case 'message':
        if (frame.message.authorType === MessageAuthorType.operator) this.setOperatorTyping(null);
        // an operator answered the offline message while the visitor is still here: show the chat
        if (frame.message.authorType === MessageAuthorType.operator && this.offline.status === 'sent') this.offline = { status: 'idle', fieldErrors: {}, message: '' };
        this.accept(this.store.add(frame.message), frame.message, frame.message.seq > this.historyUntil);
        return;
      case 'message_edited':
        if (this.store.edit(frame.message)) this.emitChange();
        return;
      case 'resync':
        // further behind than the server replays: start over from the newest messages, as history
        this.store.reset(frame.conversationId);
        this.historyUntil = frame.lastSeq;
        this.emitChange();
        return;
      case 'typing':
        this.setOperatorTyping(frame.active ? (frame.name ?? '') : null);
        return;
      case 'read':
        if (frame.operatorReadSeq > this.operatorReadSeq) {
          this.operatorReadSeq = frame.operatorReadSeq;
          this.emitChange();
        }
        return;
      case 'error':
        // e.g. a rate-limited answer: the buttons work again
        if (this.bot?.busy && frame.clientId && !this.store.sendable().some((p) => p.clientId === frame.clientId)) {
          this.bot = { ...this.bot, busy: false };
          this.botAnswer = null;
        }
        this.handleError(frame.code, frame.message, frame.clientId, frame.retriable === true);
        return;
      case 'availability':
        if (this.available !== frame.available) {
          this.available = frame.available;
          this.maybeStartBot();
          this.emitChange();
        }
        return;
      case 'offline_form_result':
        this.handleOfflineResult(frame);
        return;
      case 'queue':
        this.queue = frame.position === null ? null : { position: frame.position, etaSeconds: frame.etaSeconds };
        this.emitChange();
        return;
      case 'participant':
        this.joinedName = frame.event === 'joined' ? frame.name : null;
        if (frame.event === 'joined') this.queue = null;
        this.emitChange();
        return;
      case 'settings':
        // an admin saved the channel: apply at once, and remember for the next page
        this.settings = frame.settings;
        this.deps.storage.set(settingsKey(this.deps.channelKey), JSON.stringify(frame.settings));
        this.emitChange();
        return;
    }
  }

  private handleWelcome(frame: WelcomeFrame): void {
    const { channelKey, storage } = this.deps;
    storage.set(tokenKey(channelKey), frame.visitorToken);
    this.settings = frame.settings;
    if (typeof frame.available === 'boolean') this.available = frame.available;
    this.operatorReadSeq = Math.max(this.operatorReadSeq, frame.operatorReadSeq ?? 0);
    storage.set(settingsKey(channelKey), JSON.stringify(frame.settings));
    if (frame.conversationId !== this.store.conversationId && this.store.conversationId !== null) {
      // A different conversation than the one we show (e.g. the token was replaced): start over.
      this.store.reset(frame.conversationId);
    } else if (frame.conversationId) {
      this.store.conversationId = frame.conversationId;
    }
    // First welcome: what the server replays is history. After a reconnect, whatever we did not
    // have yet is news to the visitor.
    this.historyUntil = this.welcomed ? this.store.maxSeq : Math.max(frame.lastSeq, this.store.maxSeq);
    this.welcomed = true;
    this.ready = true;
    this.attempt = 0;
    if (this.handshakeTimer !== null) this.clearTimer(this.handshakeTimer);
    this.handshakeTimer = null;
    this.setState('open');
    for (const p of this.store.sendable()) this.transmit(sendFrame(p));
    this.transmitOffline();
    const extras = this.extras;
    this.extras = [];
    for (const f of extras) this.transmit(f);
    // an answer the lost socket never answered: the same clientId, so the server applies it once
    if (this.botAnswer) this.transmit(this.botAnswer);
    this.maybeStartBot();
  }

  /** Shows "<name> is typing…" until a stop, a message from the operator or TYPING_EXPIRE_MS of silence. */
  private setOperatorTyping(name: string | null): void {
    if (this.typingExpiry !== null) this.clearTimer(this.typingExpiry);
    this.typingExpiry = null;
    if (name !== null) {
      this.typingExpiry = this.setTimer(() => {
        this.typingExpiry = null;
        this.setOperatorTyping(null);
      }, TYPING_EXPIRE_MS);
    }
    if (this.operatorTyping === name) return;
    this.operatorTyping = name;
    this.emitChange();
  }

  private handleError(code: string, message: string, clientId?: string, retriable = false): void {
    if (clientId && retriable && this.retrySendLater(clientId)) return;
    if (clientId) this.clearSendRetry(clientId);
    if (clientId && this.store.fail(clientId, code, message)) {
      this.emitChange();
      return;
    }
    if (FATAL_CODES.includes(code)) {
      const socket = this.socket;
      this.dropSocket();
      if (socket) safeClose(socket);
      if (this.retryTimer !== null) this.clearTimer(this.retryTimer);
      this.retryTimer = null;
      this.setState('fatal');
      this.emit('error', code, message, true);
      return;
    }
    if (TOKEN_CODES.includes(code) && !this.ready && this.sentToken) {
      // The stored token was refused: forget it and say hello as a new visitor.
      this.deps.storage.remove(tokenKey(this.deps.channelKey));
      this.store.reset(null);
      const socket = this.socket;
      this.dropSocket();
      if (socket) safeClose(socket);
      this.emitChange();
      this.connect();
      return;
    }
    this.emit('error', code, message, false);
  }

  /**
   * A frame other than a send answered with a retriable error (the server's database or Redis did
   * not answer): a failed hello reconnects with backoff (the widget shows "Reconnecting…"); a bot
   * answer and a read report are sent again with backoff (SEND_AUTO_RETRIES times, then the answer
   * shows as failed as before). False: handle the frame as any error (an edit's shows in the view).
   */
  private retryFrameLater(frame: ErrorFrame): boolean {
    if (frame.clientId && this.store.sendable().some((p) => p.clientId === frame.clientId)) return false; // a send: retrySendLater
    if (frame.frame === 'hello' || !this.ready) {
      const socket = this.socket;
      this.dropSocket();
      if (socket) safeClose(socket);
      this.scheduleReconnect();
      return true;
    }
    if (frame.frame === 'bot_answer' && this.botAnswer && frame.clientId === this.botAnswer.clientId) {
      const answer = this.botAnswer;
      return this.retryLater(`bot:${answer.clientId}`, () => {
        if (this.botAnswer === answer && this.ready) this.transmit(answer);
      });
    }
    if (frame.frame === 'read') {
      this.readSent = 0;
      return this.retryLater('read', () => this.markRead());
    }
    return false;
  }

  /** The offline form was answered retriable: it stays "sending" and goes again with backoff, then shows the error. */
  private retryOfflineLater(clientId: string): boolean {
    if (!this.offlinePending || this.offlinePending.clientId !== clientId) return false;
    return this.retryLater(`offline:${clientId}`, () => {
      if (this.offlinePending?.clientId === clientId && this.ready) this.transmitOffline();
    });
  }

  /** Runs `again` after a backoff; false when `key` has had its SEND_AUTO_RETRIES already. */
  private retryLater(key: string, again: () => void): boolean {
    const entry = this.sendRetries.get(key) ?? { attempts: 0, timer: null };
    if (entry.attempts >= SEND_AUTO_RETRIES) {
      this.clearSendRetry(key);
      return false;
    }
    if (entry.timer !== null) this.clearTimer(entry.timer);
    entry.timer = this.setTimer(() => {
      entry.timer = null;
      again();
    }, backoffDelay(entry.attempts, this.random));
    entry.attempts++;
    this.sendRetries.set(key, entry);
    return true;
  }

  /**
   * Schedules the next automatic attempt of a pending send; false when it is not pending or has had
   * its SEND_AUTO_RETRIES (it then shows as failed).
   */
  private retrySendLater(clientId: string): boolean {
    if (!this.store.sendable().some((p) => p.clientId === clientId)) return false;
    const entry = this.sendRetries.get(clientId) ?? { attempts: 0, timer: null };
    if (entry.attempts >= SEND_AUTO_RETRIES) return false;
    if (entry.timer !== null) this.clearTimer(entry.timer);
    entry.timer = this.setTimer(() => {
      entry.timer = null;
      const pending = this.store.sendable().find((p) => p.clientId === clientId);
      // not ready: the welcome of the next socket sends the whole outbox anyway
      if (pending && this.ready) this.transmit(sendFrame(pending));
    }, backoffDelay(entry.attempts, this.random));
    entry.attempts++;
    this.sendRetries.set(clientId, entry);
    return true;
  }

  private clearSendRetry(clientId: string): void {
    const entry = this.sendRetries.get(clientId);
    if (entry?.timer != null) this.clearTimer(entry.timer);
    this.sendRetries.delete(clientId);
  }

  private clearSendRetries(): void {
    for (const id of [...this.sendRetries.keys()]) this.clearSendRetry(id);
  }

  private accept(result: 'added' | 'duplicate', message: VisitorMessage, live: boolean): void {
    this.emitChange();
    if (result === 'added' && live) this.emit('message', message);
  }

  private transmit(frame: VisitorClientFrame): void {
    if (this.socket && this.socket.readyState === OPEN) safeSend(this.socket, encodeClientFrame(frame));
  }

  private armHandshakeTimer(socket: SocketLike): void {
    if (this.handshakeTimer !== null) this.clearTimer(this.handshakeTimer);
    this.handshakeTimer = this.setTimer(() => {
      this.handshakeTimer = null;
      if (this.socket !== socket || this.ready) return;
      this.dropSocket();
      safeClose(socket);
      this.scheduleReconnect();
    }, this.deps.handshakeTimeoutMs ?? 15_000);
  }

  private dropSocket(): void {
    const socket = this.socket;
    this.socket = null;
    this.ready = false;
    if (this.handshakeTimer !== null) this.clearTimer(this.handshakeTimer);
    this.handshakeTimer = null;
    if (socket) {
      socket.onopen = socket.onmessage = socket.onclose = null;
      // keep a listener: closing a socket that is still connecting reports an error, and Node's
      // `ws` (used by tests and server-side renderers) throws when nobody listens
      socket.onerror = () => undefined;
    }
  }

  private scheduleReconnect(): void {
    if (this.state === 'fatal' || this.retryTimer !== null) return;
    const delay = backoffDelay(this.attempt, this.random);
    this.attempt++;
    this.setState('reconnecting');
    this.retryTimer = this.setTimer(() => {
      this.retryTimer = null;
      this.connect();
    }, delay);
  }

  private readCachedSettings(): WidgetSettings {
    const raw = this.deps.storage.get(settingsKey(this.deps.channelKey));
    if (!raw) return normalizeSettings(null);
    try {
      return normalizeSettings(JSON.parse(raw));
    } catch {
      return normalizeSettings(null);
    }
  }

  private setState(state: ConnectionState): void {
    if (this.state === state) return;
    this.state = state;
    this.emitChange();
  }

  private emitChange(): void {
    this.emit('change');
  }

  private emit<K extends keyof SessionListeners>(event: K, ...args: Parameters<SessionListeners[K]>): void {
    for (const listener of [...this.listeners[event]]) {
      try {
        (listener as (...a: unknown[]) => void)(...args);
      } catch (err) {
        // A throwing host callback must not break the session.
        if (typeof console !== 'undefined') console.error('[parley]', err);
      }
    }
  }
}

function safeSend(socket: SocketLike, data: string): void {
  try {
    socket.send(data);
  } catch {
    /* the close event will trigger a reconnect */
  }
}

function safeClose(socket: SocketLike): void {
  try {
    socket.close(1000);
  } catch {
    /* ignore */
  }
}

/** The `send` frame for a pending message; files travel as their ids. */
function sendFrame(p: PendingMessage): SendFrame {
  return { type: 'send', clientId: p.clientId, body: p.body, ...(p.attachments?.length ? { attachmentIds: p.attachments.map((a) => a.id) } : {}) };
}
