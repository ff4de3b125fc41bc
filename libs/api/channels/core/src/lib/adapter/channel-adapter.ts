import { ChannelCapabilities, ConversationContactMove } from '@parley/api/conversations';
import { EntityManager } from 'typeorm';
import { ChannelEntity } from '../channel.entity';

export type { ChannelCapabilities } from '@parley/api/conversations';

/** One attachment of an inbound message as the channel gave it (fetched or stored by the inbound flow). */
export interface InboundAttachment {
  name: string;
  mime: string;
  size: number;
  /** Where the channel keeps it (a provider URL or file id), or an attachment already stored by Parley. */
  ref: string;
  /** The file itself when the adapter has it (a mail part, a downloaded Telegram/WhatsApp file): stored like web chat uploads. */
  content?: Buffer;
  /** An inline image's Content-ID (e-mail `cid:`), so the HTML can point at the stored file. */
  contentId?: string | null;
}

/** A message that came in on a channel, in the one shape every channel's inbound flow hands on. */
export interface NormalisedInboundMessage {
  /** The channel kind that received it (`ChannelAdapter.kind`). */
  kind: string;
  channelId: string;
  workspaceId: string;
  /** Who wrote it on that channel: a visitor id, an e-mail address, a Telegram user id, a WhatsApp number. */
  externalContactId: string;
  /** The channel's own id of the message, for de-duplicating a redelivery. */
  externalMessageId: string | null;
  /** An idempotency key from the sender (the widget's clientId), when there is one. */
  clientId: string | null;
  body: string;
  /** The message as HTML where the channel has it (e-mail), already sanitised by the adapter (sanitize-html); null otherwise. */
  html?: string | null;
  /** A subject line where the channel has one (e-mail); a started conversation keeps the first. */
  subject?: string | null;
  /**
   * The channel's ids of the messages this one answers (e-mail In-Reply-To and References, a
   * Telegram reply_to_message, a WhatsApp context id), newest first. When one of them is a message
   * of a conversation on this channel, the message continues that conversation — even a closed one,
   * which it reopens — instead of starting a new one.
   */
  replyTo?: string[];
  /**
   * A conversation the message names by the channel's own signed reply address (e-mail: the
   * `+c…` tag of the address it was sent to, checked by the adapter): when no `replyTo` matched, it
   * continues that conversation if it is one of this channel's (`threadedBy` 'reply_address').
   */
  replyConversationId?: string | null;
  /**
   * Only a reply continues a conversation: without a known `replyTo` the message starts a new one
   * even when the sender has one open (e-mail: a new mail, not an answer, is a new thread with its
   * own subject). Absent: the sender's open conversation on the channel continues.
   */
  newThreadUnlessReply?: boolean;
  attachments: InboundAttachment[];
  /**
   * Set when no person wrote it (an auto-reply, a bulk or list mail, a bounce): it is stored, but
   * nothing automatic (offline notices, CSAT, e-mailed replies) is ever sent back because of it,
   * and it does not reopen a closed conversation it threads into (it is stored, the conversation stays closed).
   */
  automated?: 'auto-reply' | 'bulk' | 'bounce' | null;
  /** Other recipients the reply goes to as well (e-mail CC). */
  cc?: string[];
  /**
   * A link code the sender came with (Telegram's `/start <code>`, see ChannelLinkService): when it
   * is a valid, unused code of this channel, the sender becomes the contact it names; otherwise it
   * is ignored and the sender is matched as usual.
   */
  linkCode?: string | null;
  /** What the channel tells about the sender (a name, an e-mail, a phone), to fill a new contact. */
  sender: { name?: string | null; email?: string | null; phone?: string | null };
  receivedAt: Date;
}

/** One outbound message for a channel to send (an operator's reply, a bot's line). */
export interface OutboundDelivery {
  channel: ChannelEntity;
  conversationId: string;
  messageId: string;
  /** The recipient on that channel (see NormalisedInboundMessage.externalContactId). */
  externalContactId: string;
  body: string;
  /** `filePath`: the stored file on this server, for adapters that upload it (a provider cannot reach `url` without PUBLIC_URL). */
  attachments: Array<{ name: string; mime: string; size: number; url: string; filePath?: string }>;
  /** The conversation's subject (e-mail threads), when it has one. */
  subject?: string | null;
  /**
   * The channel's ids of the conversation's earlier messages on this channel, newest first, at most
   * 20 (e-mail: the In-Reply-To and References of the reply; a messenger: the message to quote).
   */
  thread?: string[];
  /** The channel's id of the contact's newest message in `thread` (a messenger quotes it: WhatsApp's `context.message_id`); null when none. */
  lastInboundExternalId?: string | null;
  /** When the contact last wrote on this channel (WhatsApp's 24-hour customer-service window). */
  lastInboundAt?: Date | null;
  /** Other recipients (e-mail CC of the conversation's last inbound mail). */
  cc?: string[];
  /** The operator's name as the message shows it (an e-mail's From display name, a signature). */
  authorName?: string | null;
  /** The operator who wrote it (null for the bot or an automation), e.g. for their e-mail signature. */
  authorId?: string | null;
  /** No person wrote it (the bot, an automation): loop protection applies (e-mail: never to an auto-responder, AUTO_MAIL_PER_HOUR). */
  automatic?: boolean;
}

/**
 * `deliver` throws it when trying again cannot help (a blocked bot, a closed 24-hour window, a
 * recipient that does not exist, a rejected token): the message is marked failed at once with the
 * reason, which the operator sees. Any other error is retried with backoff (an error with a numeric
 * `retryAfterMs`, a provider's 429, waits that long). Defined by the outbox, which acts on it.
 */
export { PermanentDeliveryError } from '@parley/api/platform/outbox';

/** What a provider reported about a message Parley sent (a webhook's status callback). */
export interface DeliveryStatusUpdate {
  /** The provider's id of the sent message (what `deliver` returned). */
  externalMessageId: string;
  status: 'sent' | 'delivered' | 'read' | 'failed';
  /** Why it failed, in the provider's words. */
  error?: string | null;
  at: Date;
}

/** One call of the generic webhook route `POST|GET /api/channels/:channelId/webhook`. */
export interface WebhookRequest {
  method: string;
  /** Header names in lower case. */
  headers: Record<string, string | undefined>;
  query: Record<string, string | undefined>;
  /** The body exactly as received (at most 1 MB), for signature checks. */
  rawBody: Buffer;
}

/** What an adapter made of one webhook call. */
export interface WebhookResult {
  /** The answer the provider expects (default 200 with an empty JSON object). */
  response?: { status: number; body?: string | Record<string, unknown>; contentType?: string };
  messages?: NormalisedInboundMessage[];
  statuses?: DeliveryStatusUpdate[];
}

/** Thrown by `handleWebhook` for a call that is not from the provider (a bad signature or secret): 401, nothing stored. */
export class WebhookRejectedError extends Error {
  constructor(message: string, readonly status = 401) {
    super(message);
    this.name = 'WebhookRejectedError';
  }
}

/** One field of a channel kind's settings form, for the generic channel admin screen. */
export interface ChannelSettingsField {
  key: string;
  label: string;
  type: 'text' | 'secret' | 'number' | 'boolean' | 'email' | 'url' | 'select';
  required?: boolean;
  /** Help shown under the field. */
  hint?: string;
  options?: Array<{ value: string; label: string }>;
  /** Shown until a value is entered. */
  placeholder?: string;
  /**
   * The field is shown only while the select `key` has one of `values` (e-mail's IMAP fields only
   * when mail is read over IMAP); a select left unset counts as its first option, the kind's default.
   */
  shownWhen?: { key: string; values: string[] };
}

/** What a channel gives the contacts it brings in (ChannelInboundService applies it). */
export interface ChannelAcquisition {
  tagId?: string | null;
  ownerId?: string | null;
}

export type SettingsValidation<T> = { ok: true; settings: T } | { ok: false; errors: Array<{ field: string; message: string }> };

/** The result of checking that a channel can reach its provider (a bot token, a mailbox). */
export interface ConnectionCheck {
  ok: boolean;
  /** Why not, in words an administrator can act on. */
  message?: string;
}

/**
 * The contract of one kind of channel (web chat, e-mail, Telegram, WhatsApp). An
 * implementation is a Nest provider marked with `@ChannelAdapterFor(kind)`; `ChannelRegistry`
 * finds it at start-up. Everything that differs by channel kind goes through it, so no code
 * outside a channel's library compares `channels.type` with a literal.
 */
export interface ChannelAdapter<TSettings = Record<string, unknown>, TInbound = unknown> {
  /** The `channels.type` this adapter serves (unique among the adapters). */
  readonly kind: string;
  /** How the kind is named to people ("Web chat"). */
  readonly displayName: string;
  readonly capabilities: Readonly<ChannelCapabilities>;
  /**
   * True when a stored message has reached the reader already through a live topic (the web
   * chat's widget socket): nothing goes through the outbox. Absent or false: every operator and
   * bot message of the channel is a delivery row sent by `deliver`.
   */
  readonly liveDelivery?: boolean;
  /** Turns what the channel received (a widget frame, a webhook body) into the normalised message, or null to ignore it. */
  parseInbound(channel: ChannelEntity, raw: TInbound): NormalisedInboundMessage | null;
  /** Sends one message out; resolves with the channel's id of it (for read/delivered receipts and de-duplication). */
  deliver(delivery: OutboundDelivery): Promise<string>;
  /**
   * For kinds with capabilities.editable that send through the outbox: replaces the text of a
   * message sent before (`externalId`: what `deliver` returned) with `newBody`, the message's
   * current text (Telegram's editMessageText). Called from the outbox after the message went out;
   * errors as in `deliver` (PermanentDeliveryError, or retried). Resolving again for the same
   * text must be harmless (a retried edit).
   */
  edit?(delivery: OutboundDelivery, externalId: string, newBody: string): Promise<void>;
  /** The channel's settings read from the stored JSON, or the reasons they are not valid. */
  validateSettings(raw: unknown): SettingsValidation<TSettings>;
  /** Whether the channel can reach its provider right now. */
  checkConnection(channel: ChannelEntity): Promise<ConnectionCheck>;
  /** The fields of the admin's form for a channel of this kind (secrets are shown masked and kept when left empty). */
  readonly settingsFields?: ChannelSettingsField[];
  /** Verifies and reads one webhook call (signature first: WebhookRejectedError); kinds without webhooks leave it out (404). */
  handleWebhook?(channel: ChannelEntity, req: WebhookRequest): Promise<WebhookResult>;
  /** After an admin saved the channel (e.g. Telegram's setWebhook); an error is shown to the admin, the settings stay saved. */
  onChannelSaved?(channel: ChannelEntity, webhookUrl: string): Promise<void>;
  /**
   * After an admin switched the channel off (active → false) or deleted it: the provider stops
   * calling (Telegram's deleteWebhook). Switching it on again calls `onChannelSaved`. An error is
   * shown to the admin; the change stays saved.
   */
  onChannelRemoved?(channel: ChannelEntity): Promise<void>;
  /**
   * SPEC A2: the link that opens this channel carrying `code` (Telegram: https://t.me/<bot>?start=<code>),
   * whose first message then comes with `linkCode`; null when it cannot be made now. Kinds without
   * deep links leave it out.
   */
  linkUrl?(channel: ChannelEntity, code: string): Promise<string | null>;
  /** SPEC C6: the tag and owner every contact this channel brings in gets, read from its stored settings (none when absent). */
  acquisitionOf?(settings: unknown): ChannelAcquisition;
  /**
   * For kinds with a reply window (capabilities.replyWindowHours): how a reply still goes once the
   * window closed on this channel (WhatsApp: inside its approved re-engagement template), in words
   * for the composer; null or absent: it cannot, and the composer refuses it before it is written.
   */
  replyOutsideWindow?(settings: unknown): string | null;
  /** Facts the admin needs to connect the channel (an e-mail forwarding address) or about its state (a mailbox import's progress), shown on its form. */
  adminDetails?(channel: ChannelEntity): Array<{ label: string; value: string }> | Promise<Array<{ label: string; value: string }>>;
  /**
   * Issue #11: a conversation of this channel now belongs to another client (an operator linked it,
   * or clients were merged): what the channel keeps of its sender follows, in the caller's
   * transaction (the web chat's `visitors.contact_id`). Kinds that know their senders only by
   * contact identities leave it out.
   */
  conversationContactMoved?(m: EntityManager, move: ConversationContactMove): Promise<void>;
}
