import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ContactIdentitiesService, ContactsService, MAX_EXTERNAL_ID_LENGTH } from '@parley/api/contacts';
import { AssignmentService, ConversationsService } from '@parley/api/conversations';
import { ConversationStatus } from '@parley/shared/contracts';
import { DataSource, EntityManager } from 'typeorm';
import { ChannelRegistry } from '../adapter/channel-registry';
import { ChannelEntity } from '../channel.entity';
import { ChannelsService } from '../channels.service';

/** Who wrote in: the sender's id on a channel (a visitor id, an e-mail address, a Telegram user id, a WhatsApp number). */
export interface InboundSender {
  workspaceId: string;
  /** The channel written to; may be left to `current` when the channel's own sender row names it. */
  channel?: InboundChannel;
  externalId: string;
}

export type InboundChannel = Pick<ChannelEntity, 'id' | 'type' | 'settings'>;

/** What the sender has now, read under the sender's lock. */
export interface InboundCurrent {
  /** The conversation the sender is in (their message continues it), or null to start one. */
  conversationId: string | null;
  /** The contact the sender already is (a web chat visitor who told who they are), when the channel knows. */
  contactId?: string | null;
  /** The channel, when the sender's row names it (then InboundSender.channel may be left out). */
  channel?: InboundChannel;
}

export interface InboundOpenOptions {
  /**
   * The channel's own record of the sender, read inside the transaction: it must lock the sender
   * (the web chat locks its visitor row, which its other writes lock too) and say what they have
   * now; `contactId` null starts the conversation with a new anonymous contact. Without it, the
   * sender is locked by their identity (an advisory lock), their contact is found by their
   * channel identity and their latest conversation on the channel that is not closed continues.
   */
  current?: (m: EntityManager) => Promise<InboundCurrent>;
  /** The group a new conversation goes to (SPEC B3). */
  groupId?: string | null;
  /** The status a new conversation starts in (queued unless said; the offline form's is pending). */
  status?: ConversationStatus.queued | ConversationStatus.pending;
  /** Runs (and may throw, e.g. RATE_LIMITED) only when a conversation would start, before anything is written. */
  beforeStart?: (channel: InboundChannel) => Promise<void>;
  /** The channel's own bookkeeping of a started conversation, in the same transaction (the web chat's visitor row). */
  onStart?: (m: EntityManager, started: { conversationId: string; contactId: string }) => Promise<void>;
}

export interface InboundConversation {
  conversationId: string;
  contactId: string | null;
  /** Whether this call started the conversation (false: it continues one). */
  started: boolean;
}

/**
 * The one way every channel starts or continues a conversation for someone who wrote in: under a
 * lock on the sender's identity (two messages of one sender arriving together never start two
 * conversations), it finds what the sender has now, and otherwise starts a conversation of their
 * contact — or of a new anonymous one — applies the channel's acquisition settings (SPEC C6: tag,
 * owner, as the channel's adapter reads them) and records the sender's identity on the contact
 * (`contact_channel_identities`). The message itself is then appended by the caller
 * (ConversationsService.appendMessage publishes it to the inbox); `route` auto-assigns a started
 * conversation (SPEC B4) once the caller's socket or webhook has answered.
 */
@Injectable()
export class ChannelInboundService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly registry: ChannelRegistry,
    private readonly conversations: ConversationsService,
    private readonly contacts: ContactsService,
    private readonly identities: ContactIdentitiesService,
    private readonly assignment: AssignmentService,
    private readonly channels: ChannelsService,
  ) {}

  /** Starts or continues the sender's conversation, in one transaction (the caller's when given). */
  async open(sender: InboundSender, options: InboundOpenOptions = {}, manager?: EntityManager): Promise<InboundConversation> {
    if (typeof sender.externalId !== 'string' || !sender.externalId || sender.externalId.length > MAX_EXTERNAL_ID_LENGTH) {
      throw new Error(`an inbound sender needs an external id of 1..${MAX_EXTERNAL_ID_LENGTH} characters`);
    }
    if (!options.current && !sender.channel) throw new Error('an inbound sender without a current() reader needs its channel');
    const run = async (m: EntityManager): Promise<InboundConversation> => {
      const current = options.current ? await options.current(m) : await this.lockedCurrent(m, sender, sender.channel as InboundChannel);
      if (current.conversationId) return { conversationId: current.conversationId, contactId: current.contactId ?? null, started: false };
      const channel = current.channel ?? sender.channel;
      if (!channel) throw new Error('the inbound sender\'s channel is unknown');
      if (options.beforeStart) await options.beforeStart(channel);
      const c = await this.conversations.startConversation(sender.workspaceId, channel.id, m, options.groupId ?? null, current.contactId ?? null);
      if (options.status && options.status !== ConversationStatus.queued) {
        await m.query(`UPDATE conversations SET status = $2 WHERE id = $1`, [c.id, options.status]);
      }
      await this.applyAcquisition(m, sender.workspaceId, channel, c.contactId);
      await this.identities.attach(m, { workspaceId: sender.workspaceId, contactId: c.contactId, kind: channel.type, channelId: channel.id, externalId: sender.externalId });
      if (options.onStart) await options.onStart(m, { conversationId: c.id, contactId: c.contactId });
      return { conversationId: c.id, contactId: c.contactId, started: true };
    };
    return manager ? run(manager) : this.db.transaction(run);
  }

  /**
   * SPEC C6: a contact the channel created or linked (a first message, a form, an identify) gets
   * the channel's configured tag (when missing) and owner (when it has none), in the caller's
   * transaction. A kind without acquisition settings (or without an adapter) changes nothing.
   */
  async applyAcquisition(m: EntityManager, workspaceId: string, channel: Pick<ChannelEntity, 'type' | 'settings'>, contactId: string): Promise<void> {
    const adapter = this.registry.has(channel.type) ? this.registry.get(channel.type) : null;
    const a = adapter?.acquisitionOf?.(channel.settings ?? {});
    if (a && (a.tagId || a.ownerId)) await this.contacts.applyAcquisition(m, workspaceId, contactId, { tagId: a.tagId ?? null, ownerId: a.ownerId ?? null });
  }

  /** `applyAcquisition` for a channel known by id (a form or an identify of the channel's sender). */
  async applyChannelAcquisition(m: EntityManager, workspaceId: string, channelId: string, contactId: string): Promise<void> {
    const channel = await this.channels.findById(workspaceId, channelId, m);
    if (channel) await this.applyAcquisition(m, workspaceId, channel, contactId);
  }

  /** SPEC B4: a started conversation goes straight to a free operator of its group when auto-assignment is on. */
  route(workspaceId: string, conversationId: string): Promise<boolean> {
    return this.assignment.assignIfEnabled(workspaceId, conversationId);
  }

  /**
   * One sender at a time per channel identity (until the transaction ends), then their contact by
   * identity and their latest conversation on the channel that is not closed.
   */
  private async lockedCurrent(m: EntityManager, sender: InboundSender, channel: InboundChannel): Promise<InboundCurrent> {
    await m.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`inbound:${sender.workspaceId}:${channel.type}:${sender.externalId}`]);
    const contactId = await this.identities.findContactId(sender.workspaceId, channel.type, sender.externalId, m);
    if (!contactId) return { conversationId: null, contactId: null };
    const [open] = await m.query(
      `SELECT id FROM conversations
        WHERE contact_id = $1 AND workspace_id = $2 AND channel_id = $3 AND deleted_at IS NULL AND status <> 'closed'
        ORDER BY last_message_at DESC, id DESC LIMIT 1`,
      [contactId, sender.workspaceId, channel.id],
    );
    return { conversationId: (open?.id as string | undefined) ?? null, contactId };
  }
}
