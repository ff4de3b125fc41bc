import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AttachmentMeta, AttachmentsService, ConversationsService, storagePathOf } from '@parley/api/conversations';
import { AppConfig } from '@parley/api/platform/config';
import { OutboundDelivery as OutboxRow, OutboundSender, OutboundSenderHandler, PermanentDeliveryError } from '@parley/api/platform/outbox';
import { DataSource } from 'typeorm';
import { OutboundDelivery } from '../adapter/channel-adapter';
import { ChannelRegistry } from '../adapter/channel-registry';
import { ChannelEntity } from '../channel.entity';
import { ChannelSecrets } from '../secrets/channel-secrets';
import { CHANNEL_MESSAGE_DELIVERY, ChannelMessagePayload } from './channel-outbound.queue';

/** The channel's ids of a conversation's earlier messages handed to `deliver` (e-mail References), newest first. */
const THREAD_MAX = 20;

/**
 * Issue #10: sends one operator or bot message on its conversation's channel, from the outbox.
 * Reads the message, its conversation, the channel (secrets opened in memory), the recipient's
 * identity on the channel and the thread, calls the adapter's `deliver`, then records the
 * provider's id (`channel_message_refs`, so status callbacks and replies find the message) and
 * marks the message sent. A permanent error (PermanentDeliveryError), or the last failed attempt,
 * marks it failed with the reason, live for the operators.
 */
@Injectable()
@OutboundSender(CHANNEL_MESSAGE_DELIVERY)
export class ChannelMessageSender implements OutboundSenderHandler<ChannelMessagePayload> {
  private readonly logger = new Logger('ChannelOutbound');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly registry: ChannelRegistry,
    private readonly secrets: ChannelSecrets,
    private readonly conversations: ConversationsService,
    private readonly attachments: AttachmentsService,
    private readonly config: AppConfig,
  ) {}

  async deliver(row: OutboxRow<ChannelMessagePayload>): Promise<{ externalId: string | null }> {
    const { messageId, conversationId, channelId } = row.payload ?? ({} as ChannelMessagePayload);
    const [m] = await this.db.query(
      `SELECT m.id, m.workspace_id, m.body, m.author_name, m.author_type, m.author_id, m.attachments, m.delivery_status, c.contact_id, c.subject, c.deleted_at, ch.id AS channel_id
         FROM messages m JOIN conversations c ON c.id = m.conversation_id JOIN channels ch ON ch.id = c.channel_id
        WHERE m.id = $1 AND m.conversation_id = $2 AND ch.id = $3`,
      [messageId, conversationId, channelId],
    );
    if (!m) throw new PermanentDeliveryError('the message or its conversation no longer exists', 'GONE');
    // already out (a retried job after a crash between the send and its bookkeeping): never twice
    const [sent] = await this.db.query(`SELECT external_id FROM channel_message_refs WHERE message_id = $1 AND direction = 'out' LIMIT 1`, [messageId]);
    if (sent) return { externalId: sent.external_id };
    if (m.deleted_at) throw new PermanentDeliveryError('the conversation was deleted', 'GONE');
    const channel = await this.channel(channelId);
    if (!channel.active) throw new PermanentDeliveryError('the channel is switched off', 'CHANNEL_INACTIVE');
    const adapter = this.registry.get(channel.type);
    const [identity] = await this.db.query(
      `SELECT external_id FROM contact_channel_identities WHERE contact_id = $1 AND kind = $2 ORDER BY (channel_id = $3) DESC NULLS LAST, updated_at DESC LIMIT 1`,
      [m.contact_id, channel.type, channel.id],
    );
    if (!identity) throw new PermanentDeliveryError(`the client has no ${adapter.displayName} address to send to`, 'NO_RECIPIENT');
    const refs: Array<{ external_id: string; direction: string; created_at: Date }> = await this.db.query(
      `SELECT external_id, direction, created_at FROM channel_message_refs WHERE conversation_id = $1 AND channel_id = $2 ORDER BY created_at DESC LIMIT $3`,
      [conversationId, channel.id, THREAD_MAX],
    );
    const [lastIn] = await this.db.query(
      `SELECT max(created_at) AS at FROM messages WHERE conversation_id = $1 AND author_type = 'visitor'`,
      [conversationId],
    );
    const files = ((m.attachments as AttachmentMeta[] | null) ?? []);
    const delivery: OutboundDelivery = {
      channel,
      conversationId,
      messageId,
      externalContactId: identity.external_id,
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
      lastInboundAt: lastIn?.at ? new Date(lastIn.at) : null,
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

  private async channel(id: string): Promise<ChannelEntity> {
    const channel = await this.db.getRepository(ChannelEntity).findOne({ where: { id } });
    if (!channel) throw new PermanentDeliveryError('the channel was deleted', 'GONE');
    return Object.assign(new ChannelEntity(), channel, { settings: this.secrets.open(channel.settings) });
  }
}
