import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ConversationsService } from '@parley/api/conversations';
import { OutboundDelivery as OutboxRow, OutboundSender, OutboundSenderHandler, PermanentDeliveryError } from '@parley/api/platform/outbox';
import { DataSource } from 'typeorm';
import { OutboundDelivery } from '../adapter/channel-adapter';
import { ChannelRegistry } from '../adapter/channel-registry';
import { ChannelLoader } from '../webhook/channel-loader';
import { CHANNEL_MESSAGE_EDIT_DELIVERY, ChannelMessageEditPayload } from './channel-outbound.queue';

/** How long an edit waits for its message to go out before trying again (the outbox's backoff grows from there). */
const NOT_SENT_YET_RETRY_MS = 1_000;

/**
 * Issue #10: an operator's edit of a message on a channel whose adapter can edit what it sent
 * (Telegram's editMessageText), from the outbox. It runs once the message is out — its 'out' ref
 * in `channel_message_refs` names the provider's copy — and sends the message's current text, so
 * edits arriving out of order still leave the reader with the last one; an edit overtaken by a
 * later one leaves the sending to that one. A message that failed (or is gone) has no copy to
 * edit: the edit fails for good without calling the provider, and the message's Retry sends the
 * edited text. A failed edit leaves the message's own delivery mark as it was (it did go out).
 * Ordered like the messages (one target, `conversation:<id>`): an edit waits for the replies written before it.
 */
@Injectable()
@OutboundSender(CHANNEL_MESSAGE_EDIT_DELIVERY, { ordered: true })
export class ChannelMessageEditSender implements OutboundSenderHandler<ChannelMessageEditPayload> {
  private readonly logger = new Logger('ChannelOutbound');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly registry: ChannelRegistry,
    private readonly channels: ChannelLoader,
    private readonly conversations: ConversationsService,
  ) {}

  async deliver(row: OutboxRow<ChannelMessageEditPayload>): Promise<{ externalId: string | null }> {
    const { messageId, conversationId, channelId, editedAt } = row.payload ?? ({} as ChannelMessageEditPayload);
    const [m] = await this.db.query(
      `SELECT m.id, m.workspace_id, m.body, m.attachments, m.edited_at, m.edit_error, m.delivery_status, c.contact_id, c.deleted_at
         FROM messages m JOIN conversations c ON c.id = m.conversation_id
        WHERE m.id = $1 AND m.conversation_id = $2 AND c.channel_id = $3`,
      [messageId, conversationId, channelId],
    );
    if (!m || m.deleted_at) throw new PermanentDeliveryError('the message or its conversation no longer exists', 'GONE');
    const [ref] = await this.db.query(`SELECT external_id FROM channel_message_refs WHERE message_id = $1 AND channel_id = $2 AND direction = 'out' LIMIT 1`, [messageId, channelId]);
    if (!ref) {
      if (m.delivery_status === 'queued') throw Object.assign(new Error('the message is not sent yet: its edit follows it'), { retryAfterMs: NOT_SENT_YET_RETRY_MS });
      throw new PermanentDeliveryError('the message was never sent, so there is nothing to edit on the channel (its Retry sends the edited text)', 'NOT_SENT');
    }
    // a later edit has its own row, which sends the text as it is then
    if (m.edited_at && editedAt && new Date(m.edited_at).getTime() > new Date(editedAt).getTime()) return { externalId: ref.external_id };
    const channel = await this.channels.opened(channelId);
    const adapter = this.registry.get(channel.type);
    if (!adapter.edit) throw new PermanentDeliveryError(`${adapter.displayName} messages cannot be edited once sent`, 'NOT_EDITABLE');
    const [identity] = await this.db.query(
      `SELECT external_id FROM contact_channel_identities WHERE contact_id = $1 AND kind = $2 ORDER BY (channel_id = $3) DESC NULLS LAST, updated_at DESC LIMIT 1`,
      [m.contact_id, channel.type, channel.id],
    );
    if (!identity) throw new PermanentDeliveryError(`the client has no ${adapter.displayName} address`, 'NO_RECIPIENT');
    const delivery: OutboundDelivery = {
      channel,
      conversationId,
      messageId,
      externalContactId: identity.external_id,
      body: m.body,
      // what the message carried (a captioned file is edited as a caption); the files themselves are not sent again
      attachments: ((m.attachments as Array<{ name: string; mime: string; size: number }> | null) ?? []).map((a) => ({ name: a.name, mime: a.mime, size: a.size, url: '' })),
    };
    await adapter.edit(delivery, ref.external_id, m.body);
    // a refusal shown for this edit before (a retried one that now went through) is cleared
    if (m.edit_error && editedAt) await this.conversations.updateEditDelivery(m.workspace_id, messageId, new Date(editedAt), null);
    return { externalId: ref.external_id };
  }

  /** Shown on the message in the thread ("Edit not delivered: …") while it is the message's last edit. */
  async failed(row: OutboxRow<ChannelMessageEditPayload>, reason: string): Promise<void> {
    this.logger.warn(`the edit of message ${row.payload?.messageId} did not reach its channel: ${reason}`);
    const { messageId, editedAt } = row.payload ?? ({} as ChannelMessageEditPayload);
    if (row.workspaceId && messageId && editedAt) await this.conversations.updateEditDelivery(row.workspaceId, messageId, new Date(editedAt), reason);
  }
}
