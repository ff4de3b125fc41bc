import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AttachmentMeta, AttachmentsService, ConversationsService, storagePathOf } from '@parley/api/conversations';
import { AppConfig } from '@parley/api/platform/config';
import { OutboundDelivery as OutboxRow, OutboundSender, OutboundSenderHandler, PermanentDeliveryError } from '@parley/api/platform/outbox';
import { DataSource } from 'typeorm';
import { OutboundDelivery } from '../adapter/channel-adapter';
import { ChannelRegistry } from '../adapter/channel-registry';
import { ChannelLoader } from '../webhook/channel-loader';
import { CHANNEL_MESSAGE_DELIVERY, ChannelMessagePayload } from './channel-outbound.queue';

/** The channel's ids of a conversation's earlier messages handed to `deliver` (e-mail References), newest first. */
const THREAD_MAX = 20;

/**
 * Issue #10: sends one operator or bot message on its conversation's channel, from the outbox.
 * Reads the message, its conversation, the recipient's identity on the channel and the thread (one
 * statement), the channel (ChannelLoader, secrets opened in memory), calls the adapter's `deliver`, then records the
 * provider's id (`channel_message_refs`, so status callbacks and replies find the message) and
 * marks the message sent. Ordered: a conversation's replies go out one after the other, in the
 * order they were written; different conversations in parallel (the outbox's concurrency). A permanent error (PermanentDeliveryError), or the last failed attempt,
 * marks it failed with the reason, live for the operators.
 */
@Injectable()
@OutboundSender(CHANNEL_MESSAGE_DELIVERY, { ordered: true })
export class ChannelMessageSender implements OutboundSenderHandler<ChannelMessagePayload> {
  private readonly logger = new Logger('ChannelOutbound');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly registry: ChannelRegistry,
    private readonly channels: ChannelLoader,
    private readonly conversations: ConversationsService,
    private readonly attachments: AttachmentsService,
    private readonly config: AppConfig,
  ) {}

  async deliver(row: OutboxRow<ChannelMessagePayload>): Promise<{ externalId: string | null }> {
    const { messageId, conversationId, channelId } = row.payload ?? ({} as ChannelMessagePayload);
    // one statement: the message, whether it is out already, the recipient, the thread and when the client last wrote
    const [m] = await this.db.query(
      `SELECT m.id, m.workspace_id, m.body, m.author_name, m.author_type, m.author_id, m.attachments, m.delivery_status, c.contact_id, c.subject, c.deleted_at, ch.id AS channel_id,
              (SELECT external_id FROM channel_message_refs WHERE message_id = m.id AND direction = 'out' LIMIT 1) AS sent_as,
              (SELECT external_id FROM contact_channel_identities WHERE contact_id = c.contact_id AND kind = ch.type
                ORDER BY (channel_id = ch.id) DESC NULLS LAST, updated_at DESC LIMIT 1) AS recipient,
              (SELECT coalesce(json_agg(json_build_object('external_id', r.external_id, 'direction', r.direction) ORDER BY r.created_at DESC), '[]'::json)
                 FROM (SELECT external_id, direction, created_at FROM channel_message_refs WHERE conversation_id = c.id AND channel_id = ch.id ORDER BY created_at DESC LIMIT $4) r) AS thread,
              (SELECT max(created_at) FROM messages WHERE conversation_id = c.id AND author_type = 'visitor') AS last_inbound_at
         FROM messages m JOIN conversations c ON c.id = m.conversation_id JOIN channels ch ON ch.id = c.channel_id
        WHERE m.id = $1 AND m.conversation_id = $2 AND ch.id = $3`,
      [messageId, conversationId, channelId, THREAD_MAX],
    );
    if (!m) throw new PermanentDeliveryError('the message or its conversation no longer exists', 'GONE');
    // already out (a retried job after a crash between the send and its bookkeeping): never twice
    if (m.sent_as) return { externalId: m.sent_as };
    if (m.deleted_at) throw new PermanentDeliveryError('the conversation was deleted', 'GONE');
    const channel = await this.channels.opened(channelId);
    const adapter = this.registry.get(channel.type);
    if (!m.recipient) throw new PermanentDeliveryError(`the client has no ${adapter.displayName} address to send to`, 'NO_RECIPIENT');
    const refs = (m.thread ?? []) as Array<{ external_id: string; direction: string }>;
    const files = ((m.attachments as AttachmentMeta[] | null) ?? []);
    const delivery: OutboundDelivery = {
      channel,
      conversationId,
      messageId,
      externalContactId: m.recipient,
      body: m.body,
      attachments: await Promise.all(
        this.attachments.withUrls(files, `c:${conversationId}`).map(async (a) => ({
          name: a.name,
          mime: a.mime,
          size: a.size,
          url: `${this.config.publicUrl ?? ''}${a.url}`,
          filePath: await storagePathOf(this.db, this.attachments.root, a.id),
        })),
      ),
      subject: m.subject ?? null,
      thread: refs.map((r) => r.external_id),
      lastInboundExternalId: refs.find((r) => r.direction === 'in')?.external_id ?? null,
      lastInboundAt: m.last_inbound_at ? new Date(m.last_inbound_at) : null,
      authorName: m.author_name ?? null,
      authorId: m.author_type === 'operator' ? (m.author_id ?? null) : null,
      automatic: m.author_type !== 'operator',
    };
    const externalId = await adapter.deliver(delivery);
    await this.db.query(
      `INSERT INTO channel_message_refs (channel_id, external_id, workspace_id, conversation_id, message_id, direction)
       VALUES ($1, $2, $3, $4, $5, 'out') ON CONFLICT DO NOTHING`,
      [channel.id, String(externalId).slice(0, 998), m.workspace_id, conversationId, messageId],
    );
    await this.conversations.updateDelivery(m.workspace_id, messageId, 'sent');
    return { externalId };
  }

  async failed(row: OutboxRow<ChannelMessagePayload>, reason: string): Promise<void> {
    if (!row.workspaceId || !row.payload?.messageId) return;
    const changed = await this.conversations.updateDelivery(row.workspaceId, row.payload.messageId, 'failed', reason);
    if (changed) this.logger.warn(`message ${row.payload.messageId} failed on its channel: ${reason}`);
  }
}
