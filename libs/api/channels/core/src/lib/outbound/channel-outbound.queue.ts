import { Injectable } from '@nestjs/common';
import { EditedOutboundMessage, OutboundMessagesPort, WrittenOutboundMessage } from '@parley/api/conversations';
import { OutboxService } from '@parley/api/platform/outbox';
import { EntityManager } from 'typeorm';
import { ChannelRegistry } from '../adapter/channel-registry';

/** The outbox kind of a message sent on its conversation's channel (one row per message). */
export const CHANNEL_MESSAGE_DELIVERY = 'channel-message';

export interface ChannelMessagePayload {
  messageId: string;
  conversationId: string;
  channelId: string;
}

/** The outbox kind of an operator's edit of a message sent on a channel (one row per message and edit time). */
export const CHANNEL_MESSAGE_EDIT_DELIVERY = 'channel-message-edit';

export interface ChannelMessageEditPayload extends ChannelMessagePayload {
  /** The edit's time (messages.edited_at) as ISO text: a later edit is a row of its own. */
  editedAt: string;
}

/** Channel kinds are fixed for a channel's life: cached by id, bounded. */
const KIND_CACHE_MAX = 10_000;

/**
 * Issue #10: the channels side of conversations' OUTBOUND_MESSAGES port. In the transaction that
 * stored an operator's or the bot's messages, each one whose channel kind delivers through the
 * outbox (every adapter but a live one such as the web chat) gets a delivery row — one per
 * message, so a repeated write can never send twice — and the message is marked queued.
 */
@Injectable()
export class ChannelOutboundQueue implements OutboundMessagesPort {
  private readonly kinds = new Map<string, string>();

  constructor(
    private readonly registry: ChannelRegistry,
    private readonly outbox: OutboxService,
  ) {}

  async written(m: EntityManager, messages: WrittenOutboundMessage[]): Promise<void> {
    await this.learnKinds(m, messages.map((w) => w.conversation.channelId));
    const out = messages.filter((w) => {
      const kind = this.kinds.get(w.conversation.channelId);
      return !!kind && this.registry.has(kind) && !this.registry.get(kind).liveDelivery;
    });
    if (!out.length) return;
    await m.query(`UPDATE messages SET delivery_status = 'queued' WHERE id = ANY($1::uuid[])`, [out.map((w) => w.message.id)]);
    for (const w of out) {
      w.message.deliveryStatus = 'queued';
      await this.outbox.enqueue(
        {
          workspaceId: w.message.workspaceId,
          kind: CHANNEL_MESSAGE_DELIVERY,
          target: `conversation:${w.conversation.id}`,
          payload: { messageId: w.message.id, conversationId: w.conversation.id, channelId: w.conversation.channelId } satisfies ChannelMessagePayload,
          dedupeKey: w.message.id,
        },
        m,
      );
    }
  }

  /**
   * An operator's edit of a message whose channel sends through the outbox and can edit what it
   * sent (the adapter's `edit`): a delivery row that edits the reader's copy once the message is
   * out. A message that failed gets none: nothing reached the reader, and its Retry sends the
   * edited text.
   */
  async edited(m: EntityManager, e: EditedOutboundMessage): Promise<void> {
    await this.learnKinds(m, [e.conversation.channelId]);
    const kind = this.kinds.get(e.conversation.channelId);
    const adapter = kind && this.registry.has(kind) ? this.registry.get(kind) : null;
    if (!adapter || adapter.liveDelivery || typeof adapter.edit !== 'function') return;
    if (e.message.deliveryStatus === 'failed' || !e.message.editedAt) return;
    const editedAt = new Date(e.message.editedAt).toISOString();
    await this.outbox.enqueue(
      {
        workspaceId: e.message.workspaceId,
        kind: CHANNEL_MESSAGE_EDIT_DELIVERY,
        target: `conversation:${e.conversation.id}`,
        payload: { messageId: e.message.id, conversationId: e.conversation.id, channelId: e.conversation.channelId, editedAt } satisfies ChannelMessageEditPayload,
        dedupeKey: `${e.message.id}:${editedAt}`,
      },
      m,
    );
  }

  private async learnKinds(m: EntityManager, channelIds: string[]): Promise<void> {
    const missing = [...new Set(channelIds)].filter((id) => !this.kinds.has(id));
    if (!missing.length) return;
    const rows: Array<{ id: string; type: string }> = await m.query(`SELECT id, type FROM channels WHERE id = ANY($1::uuid[])`, [missing]);
    if (this.kinds.size + rows.length > KIND_CACHE_MAX) this.kinds.clear();
    for (const r of rows) this.kinds.set(r.id, r.type);
  }
}
