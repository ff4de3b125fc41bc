import { ChannelCapabilities } from '@parley/api/conversations';
import { ChannelEntity } from '../channel.entity';

export type { ChannelCapabilities } from '@parley/api/conversations';

/** One attachment of an inbound message as the channel gave it (fetched or stored by the inbound flow). */
export interface InboundAttachment {
  name: string;
  mime: string;
  size: number;
  /** Where the channel keeps it (a provider URL or file id), or an attachment already stored by Parley. */
  ref: string;
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
  attachments: InboundAttachment[];
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
  attachments: Array<{ name: string; mime: string; size: number; url: string }>;
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
 * The contract of one kind of channel (web chat today; e-mail, Telegram, WhatsApp next). An
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
  /** Turns what the channel received (a widget frame, a webhook body) into the normalised message, or null to ignore it. */
  parseInbound(channel: ChannelEntity, raw: TInbound): NormalisedInboundMessage | null;
  /** Sends one message out; resolves with the channel's id of it (for read/delivered receipts and de-duplication). */
  deliver(delivery: OutboundDelivery): Promise<string>;
  /** The channel's settings read from the stored JSON, or the reasons they are not valid. */
  validateSettings(raw: unknown): SettingsValidation<TSettings>;
  /** Whether the channel can reach its provider right now. */
  checkConnection(channel: ChannelEntity): Promise<ConnectionCheck>;
  /** SPEC C6: the tag and owner every contact this channel brings in gets, read from its stored settings (none when absent). */
  acquisitionOf?(settings: unknown): ChannelAcquisition;
}
