import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ConversationsService } from '@parley/api/conversations';
import { DataSource } from 'typeorm';
import { DeliveryStatusUpdate } from '../adapter/channel-adapter';
import { ChannelEntity } from '../channel.entity';
import { CHANNEL_MESSAGE_DELIVERY } from './channel-outbound.queue';

const STATUSES: ReadonlySet<string> = new Set(['sent', 'delivered', 'read', 'failed']);

/**
 * Issue #10: what a provider reports about a message Parley sent (WhatsApp's statuses, a bounce)
 * moves the message's mark — forward only, so a late or repeated callback changes nothing — and
 * its outbox row, and reaches the operators live. A status for a message Parley does not know
 * (another system's, or one older than the refs) is ignored.
 */
@Injectable()
export class DeliveryStatusService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly conversations: ConversationsService,
  ) {}

  /** Applies one update; true when it changed the message. */
  async apply(channel: Pick<ChannelEntity, 'id' | 'workspaceId'>, u: DeliveryStatusUpdate): Promise<boolean> {
    if (!u || typeof u.externalMessageId !== 'string' || !u.externalMessageId || !STATUSES.has(u.status)) return false;
    const [ref] = await this.db.query(
      `SELECT message_id FROM channel_message_refs WHERE channel_id = $1 AND external_id = $2 AND direction = 'out'`,
      [channel.id, u.externalMessageId.slice(0, 998)],
    );
    if (!ref) return false;
    const error = u.status === 'failed' ? (u.error || 'the provider reported the message as not delivered').slice(0, 1000) : null;
    const changed = await this.conversations.updateDelivery(channel.workspaceId, ref.message_id, u.status, error);
    if (changed && u.status !== 'sent') {
      await this.db.query(
        `UPDATE outbound_deliveries SET state = $3, failure_reason = COALESCE($4, failure_reason), updated_at = now()
          WHERE kind = $1 AND dedupe_key = $2 AND state <> 'queued'`,
        [CHANNEL_MESSAGE_DELIVERY, ref.message_id, u.status, error],
      );
    }
    return !!changed;
  }
}
