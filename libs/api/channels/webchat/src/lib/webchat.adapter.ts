import { Injectable, Module } from '@nestjs/common';
import { ChannelAcquisition, ChannelAdapter, ChannelAdapterFor, ChannelCapabilities, ChannelEntity, ConnectionCheck, NormalisedInboundMessage, OutboundDelivery, SettingsValidation } from '@parley/api/channels/core';
import { ChannelIdentity } from '@parley/api/contacts';
import { ConversationContactMove } from '@parley/api/conversations';
import { EntityManager } from 'typeorm';
import { MAX_MESSAGE_LENGTH } from '@parley/shared/contracts';
import { readWebchatSettings, validateAcquisition, validatePreChat, WebchatSettingsData } from './webchat-settings';

/** `channels.type` of the web chat; compared only inside this library. */
export const WEBCHAT_KIND = 'webchat';

/** What the visitor gateway received: a `message` frame of one visitor. */
export interface WebchatInboundFrame {
  visitorId: string;
  clientId?: unknown;
  body?: unknown;
}

/**
 * The web chat as a channel adapter. Its inbound side is the visitor gateway (frames over the
 * widget's socket) and its delivery is the live conversation topic the widget follows, so
 * `deliver` has nothing to send: a stored message has reached every open widget already, and the
 * message's own id is its external id.
 */
@Injectable()
@ChannelAdapterFor(WEBCHAT_KIND)
export class WebchatChannelAdapter implements ChannelAdapter<WebchatSettingsData, WebchatInboundFrame> {
  readonly kind = WEBCHAT_KIND;
  readonly displayName = 'Web chat';
  readonly capabilities: Readonly<ChannelCapabilities> = Object.freeze({ editable: true, embeddable: true, readReceipts: true, emailsRepliesWhenAway: true });
  /** The widget's socket follows the conversation's live topic: a stored message has been delivered. */
  readonly liveDelivery = true;

  parseInbound(channel: ChannelEntity, raw: WebchatInboundFrame): NormalisedInboundMessage | null {
    if (typeof raw?.visitorId !== 'string' || typeof raw.body !== 'string') return null;
    const body = raw.body.trim();
    if (!body || body.length > MAX_MESSAGE_LENGTH) return null;
    return {
      kind: WEBCHAT_KIND,
      channelId: channel.id,
      workspaceId: channel.workspaceId,
      externalContactId: raw.visitorId,
      externalMessageId: null,
      clientId: typeof raw.clientId === 'string' && raw.clientId.length <= 100 ? raw.clientId : null,
      body,
      attachments: [],
      sender: {},
      receivedAt: new Date(),
    };
  }

  async deliver(delivery: OutboundDelivery): Promise<string> {
    return delivery.messageId;
  }

  /**
   * Issue #11: the visitor in a conversation linked to another client is that client from now on —
   * `visitors.contact_id` starts their next conversation (and a pre-chat form or identify works on it).
   */
  async conversationContactMoved(m: EntityManager, move: ConversationContactMove): Promise<void> {
    await m.query(`UPDATE visitors SET contact_id = $4 WHERE workspace_id = $1 AND channel_id = $2 AND conversation_id = $3 AND contact_id IS DISTINCT FROM $4`, [
      move.workspaceId,
      move.channelId,
      move.conversationId,
      move.toContactId,
    ]);
  }

  validateSettings(raw: unknown): SettingsValidation<WebchatSettingsData> {
    const s = raw && typeof raw === 'object' ? (raw as Record<string, unknown>) : null;
    if (!s) return { ok: false, errors: [{ field: 'settings', message: 'Must be an object' }] };
    const errors = [...('acquisition' in s ? validateAcquisition(s['acquisition']) : []), ...('preChat' in s ? validatePreChat(s['preChat']) : [])];
    return errors.length ? { ok: false, errors } : { ok: true, settings: readWebchatSettings(s) };
  }

  acquisitionOf(settings: unknown): ChannelAcquisition {
    const { tagId, ownerId } = readWebchatSettings(settings ?? {}).acquisition;
    return { tagId, ownerId };
  }

  async checkConnection(channel: ChannelEntity): Promise<ConnectionCheck> {
    // nothing outside Parley to reach: the widget connects to us
    return channel.active ? { ok: true } : { ok: false, message: 'The channel is switched off' };
  }
}

/** The web chat's adapter, loaded in API and worker processes (the registry of each finds it). */
@Module({ providers: [WebchatChannelAdapter], exports: [WebchatChannelAdapter] })
export class WebchatChannelModule {}

/** A visitor's identity on the web chat (`contact_channel_identities`): the visitor id, on its channel. */
export function visitorIdentity(workspaceId: string, channelId: string, visitorId: string, contactId: string): ChannelIdentity {
  return { workspaceId, contactId, kind: WEBCHAT_KIND, channelId, externalId: visitorId };
}
