/**
 * The visitor WebSocket protocol, spoken between the widget (apps/widget) and the API's
 * visitor gateway at `/ws/visitor`. Every frame is one JSON object with a `type`.
 *
 * Flow: the widget connects and sends `hello` (with the visitor token it stored, if any, and the
 * last sequence number it has); the server answers `welcome` (with a fresh token to store), then
 * replays every message of the conversation with a higher `seq`. `send` is acknowledged by `ack`
 * carrying the stored message's `seq`; the same `clientId` sent twice is stored once and both
 * acks carry the same `seq`. New messages from either side arrive as `message`.
 *
 * When an admin saves the channel's settings, every connected widget of the channel receives a
 * `settings` frame with the new WidgetSettings and applies them at once. When the channel is
 * switched off, connected widgets receive `error` CHANNEL_INACTIVE and hide (as a new `hello` would).
 *
 * Live extras (SPEC A6, A10):
 * - `typing` (client): `{ active, draft? }` while the visitor types, at most one every
 *   TYPING_THROTTLE_MS, and `active: false` on send / blur / clear. The draft (truncated to
 *   MAX_MESSAGE_LENGTH) is shown to operators who may see the conversation; nothing is stored.
 *   Before the first message there is no conversation and typing frames are ignored.
 * - `typing` (server): `{ active, name }` while an operator types; the widget hides it after
 *   TYPING_EXPIRE_MS without a refresh.
 * - `read` (client): `{ seq }` = the visitor has seen every message up to `seq` (sent while the
 *   window is open and the page visible). A negative or fractional seq is answered with an `error`
 *   frame BAD_FRAME, a seq above the conversation's lastSeq with BAD_USER_INPUT. Read positions
 *   only move forward.
 * - `read` (server): `{ operatorReadSeq, visitorReadSeq }` whenever either moves; `welcome` also
 *   carries `operatorReadSeq`. The visitor's messages with seq ≤ operatorReadSeq show "Read".
 * - `edit` (client): `{ messageId, body }` edits the visitor's own last message within
 *   EDIT_WINDOW_MS, with the same body rules as `send`. It is answered with `message_edited` or an
 *   `error` frame carrying `messageId` (EMPTY_MESSAGE, MESSAGE_TOO_LONG, NOT_FOUND, FORBIDDEN,
 *   EDIT_NOT_ALLOWED).
 * - `message_edited` (server): `{ message }` with the new body and `editedAt`; after `welcome`
 *   the server also replays the conversation's edited messages so a reconnecting widget shows
 *   the current text.
 *
 * Bot (SPEC C9/D2), when the channel's bot is on (`settings.bot`):
 * - `bot_start` (client): `{ restart? }` sent when the visitor opens the window and has no
 *   conversation (or, with `restart: true`, after a closed one: "start again"). The server starts
 *   the conversation in status `bot` and writes the start step's message. A no-op otherwise.
 * - `bot_answer` (client): `{ clientId, stepId, buttonId }` — the visitor clicked an answer button.
 *   It must belong to the conversation's current step, else an `error` frame BOT_STALE_ANSWER (an
 *   old step / unknown button) or BOT_NOT_ACTIVE (an operator has the chat, or the bot ended) with
 *   `clientId`. Rate-limited like `send`. The label is stored as the visitor's message.
 * - `bot` (server): `{ conversationId, stepId, buttons, canRestart }` — the answer buttons to show
 *   now (none when the bot is not waiting), and whether to offer "start again".
 * - A typed message while the bot waits hands the chat over to the operators' queue.
 */
import { MessageAuthorType } from './conversation-status';
import type { ChatAttachment } from './attachments';
import type { LauncherIcon, LauncherShape, WidgetColors, WidgetTexts } from './webchat-settings';
import type { MarketingConsentConfig, OfflineFormConfig, OfflineFormFrame, OfflineFormResultFrame } from './offline-form';
import type { DisplayRules, PreChatSettings, WidgetFeatureClientFrame, WidgetFeatureServerFrame } from './widget-features';

export const VISITOR_SOCKET_PATH = '/ws/visitor';

/** One chat message as both apps and the widget see it (dates as ISO strings). */
export interface ChatMessage {
  id: string;
  clientId: string | null;
  conversationId: string;
  /** Gapless, increasing within a conversation, starting at 1. */
  seq: number;
  authorType: MessageAuthorType;
  authorName: string | null;
  body: string;
  createdAt: string;
  /** Set when the author edited the message (SPEC A10); absent or null otherwise. */
  editedAt?: string | null;
  /** Files sent with the message (SPEC A9); `url` is made for the reader and expires. The body may be empty then. */
  attachments?: ChatAttachment[];
  /** Issue #12 (E3): a structured card the message carries (a product); the body says the same as text. */
  card?: MessageCard | null;
}

/** Issue #12 (E3): a product card sent into a chat, as it was when sent (price in the chosen price type's currency). */
export interface MessageCard {
  kind: 'product';
  productId: string;
  sku: string;
  name: string;
  /** Exact decimal as a string ("18.00"). */
  price: string;
  currency: string;
  imageUrl: string | null;
  url: string | null;
}

/** At most one typing frame / event per this many ms while someone types. */
export const TYPING_THROTTLE_MS = 1500;
/** A typing indicator with no refresh for this long disappears. */
export const TYPING_EXPIRE_MS = 5000;
/** Messages can be edited by their author for this long after they were sent. */
export const EDIT_WINDOW_MS = 15 * 60 * 1000;

/** What the widget receives: the same shape as every other client. */
export type VisitorMessage = ChatMessage;

export interface WidgetSettings {
  channelName: string;
  /** Company or consultant name shown in the header. */
  title: string;
  welcomeMessage: string;
  inputPlaceholder: string;
  color: string;
  position: 'left' | 'right';
  // --- window settings (SPEC C1); optional so older cached settings still parse ---
  /** https URL of the default consultant avatar, or empty. */
  avatarUrl?: string;
  /** Language code → texts; the widget picks the browser's language, else `defaultLanguage`. */
  texts?: Record<string, WidgetTexts>;
  defaultLanguage?: string;
  colors?: WidgetColors;
  /** Corner rounding in px (0–24). */
  radius?: number;
  launcherIcon?: LauncherIcon;
  launcherShape?: LauncherShape;
  /** The host page opens the chat with its own button (`Parley.open()`). */
  hideLauncher?: boolean;
  /** Show the name of the operator who takes the chat instead of the company name/avatar (B9). */
  showOperatorIdentity?: boolean;
  /** SPEC C2: the form shown instead of the composer when no operator is available (see offline-form.ts). */
  offlineForm?: OfflineFormConfig;
  /** SPEC C8: show the marketing consent checkbox on the offline / pre-chat form. */
  marketingConsent?: MarketingConsentConfig;
  /** Pre-chat form (SPEC C3); the server says which fields to ask in the `visitor` frame. */
  preChat?: PreChatSettings;
  /** Where and how the widget shows (SPEC C4), evaluated by the widget. */
  displayRules?: DisplayRules;
  /** SPEC C9: the channel's bot is on: opening the window starts its scenario (`bot_start`). */
  bot?: boolean;
}

// client → server
export interface HelloFrame {
  type: 'hello';
  channelKey: string;
  /** Token from an earlier `welcome`; omitted on the first visit. Never put in a URL. */
  visitorToken?: string;
  /** Highest `seq` the widget already has; the server replays what follows. */
  lastSeq?: number;
  page?: { url: string; title?: string; referrer?: string };
  /** SPEC B3: the embed line's `data-group` (a group id); the server ignores an unknown one. */
  group?: string;
}
export interface SendFrame {
  type: 'send';
  /** Generated by the widget (e.g. crypto.randomUUID()); makes retries idempotent. */
  clientId: string;
  body: string;
  /** Ids of files this visitor uploaded (see attachments.ts); the body may be empty when given. */
  attachmentIds?: string[];
}
export interface TypingFrame {
  type: 'typing';
  active: boolean;
  /** What the visitor has typed so far (truncated to MAX_MESSAGE_LENGTH by the server). */
  draft?: string;
}
export interface ReadFrame {
  type: 'read';
  /** The visitor has seen every message up to this seq. */
  seq: number;
}
export interface EditFrame {
  type: 'edit';
  messageId: string;
  body: string;
}
export interface BotStartFrame {
  type: 'bot_start';
  /** After a closed conversation: start the scenario again in it. */
  restart?: boolean;
}
export interface BotAnswerFrame {
  type: 'bot_answer';
  clientId: string;
  stepId: string;
  buttonId: string;
}
export type VisitorClientFrame = HelloFrame | SendFrame | TypingFrame | ReadFrame | EditFrame | WidgetFeatureClientFrame | OfflineFormFrame | BotStartFrame | BotAnswerFrame;

// server → client
export interface WelcomeFrame {
  type: 'welcome';
  visitorToken: string;
  conversationId: string | null;
  lastSeq: number;
  settings: WidgetSettings;
  /** Highest seq an operator has read (0 when none). */
  operatorReadSeq?: number;
  /** false when no operator can take a new chat now (all offline, invisible or full): show the offline form (SPEC B5/B6/C2). */
  available?: boolean;
}
export interface AckFrame {
  type: 'ack';
  clientId: string;
  message: VisitorMessage;
}
export interface MessageFrame {
  type: 'message';
  message: VisitorMessage;
}
export interface ErrorFrame {
  type: 'error';
  code: string;
  message: string;
  /** Set when the error answers a frame with a clientId (`send`, `bot_answer`, `offline_form`). */
  clientId?: string;
  /** True when sending the same frame again may succeed (code UNAVAILABLE: the database or Redis did not answer). */
  retriable?: boolean;
  /** Set when the error answers an `edit`. */
  messageId?: string;
  /** The input field at fault (contact/identify/cart/track frames), e.g. `email`. */
  field?: string;
  /** The frame type the error answers (`contact`, `identify`, `cart`, `track`, `page`; any frame answered UNAVAILABLE, e.g. `hello`). */
  frame?: string;
  /** RATE_LIMITED: how long to wait before trying again. */
  retryAfterMs?: number;
}

/**
 * Close code of a visitor socket that stopped reading while its send buffer grew past the
 * server's cap (VISITOR_SOCKET_MAX_BUFFER_BYTES): the widget reconnects and resumes by lastSeq.
 */
export const VISITOR_CLOSE_SLOW_CONSUMER = 4008;
/** The channel's settings changed (an admin saved them): apply these instead. */
export interface SettingsFrame {
  type: 'settings';
  settings: WidgetSettings;
}
export interface OperatorTypingFrame {
  type: 'typing';
  active: boolean;
  /** The operator's display name. */
  name: string | null;
}
export interface ReadMarksFrame {
  type: 'read';
  operatorReadSeq: number;
  visitorReadSeq: number;
}
export interface MessageEditedFrame {
  type: 'message_edited';
  message: VisitorMessage;
}
/** Sent whenever operator availability for the visitor's channel/group changes (SPEC B5, B6, C2). */
export interface AvailabilityFrame {
  type: 'availability';
  available: boolean;
}
/** The waiting visitor's place in the queue and estimated wait, updated live (SPEC B4); null when not queued. */
export interface QueuePositionFrame {
  type: 'queue';
  position: number | null;
  etaSeconds: number | null;
}
/** An operator joined (took, was transferred or invited) or left the conversation (SPEC B7, B9). */
export interface ParticipantFrame {
  type: 'participant';
  event: 'joined' | 'left';
  name: string;
  avatarUrl?: string | null;
}
/** SPEC D2: the bot's answer buttons to show now (empty when it is not waiting for an answer). */
export interface BotFrame {
  type: 'bot';
  conversationId: string;
  stepId: string | null;
  buttons: Array<{ id: string; label: string }>;
  /** The chat was closed: offer "start again" (sends `bot_start` with restart). */
  canRestart: boolean;
}
/**
 * The widget is further behind than a replay covers (more than REPLAY_MAX missed messages): it
 * drops its copy of the conversation; the newest messages follow as `message` frames, from
 * `fromSeq` on (older ones are history it can scroll back to).
 */
export interface ResyncFrame {
  type: 'resync';
  conversationId: string;
  fromSeq: number;
  /** The conversation's last seq when the replay was read. */
  lastSeq: number;
}

export type VisitorServerFrame =
  | ResyncFrame
  | BotFrame
  | WelcomeFrame
  | AckFrame
  | MessageFrame
  | ErrorFrame
  | SettingsFrame
  | OperatorTypingFrame
  | ReadMarksFrame
  | MessageEditedFrame
  | AvailabilityFrame
  | QueuePositionFrame
  | ParticipantFrame
  | WidgetFeatureServerFrame
  | OfflineFormResultFrame;
