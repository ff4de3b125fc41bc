import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ContactIdentitiesService, ContactsService, MAX_EXTERNAL_ID_LENGTH } from '@parley/api/contacts';
import { AssignmentService, AttachmentsService, ConversationsService } from '@parley/api/conversations';
import { DataSource, EntityManager } from 'typeorm';
import { batchPerTick } from '@parley/api/platform/database';
import { Readable } from 'node:stream';
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { DomainException } from '@parley/api/platform/graphql';
import { ConversationStatus, MAX_MESSAGE_LENGTH, MessageAuthorType } from '@parley/shared/contracts';
import { NormalisedInboundMessage } from '../adapter/channel-adapter';
import { ChannelRegistry } from '../adapter/channel-registry';
import { ChannelEntity } from '../channel.entity';
import { ChannelsService } from '../channels.service';
import { coreAcquisitionOf, routingGroupOf } from './routing-group';
import { ChannelLinkService } from './channel-links';

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

/** What `receive` did with one inbound message. */
export interface ReceivedMessage {
  messageId: string;
  conversationId: string;
  /** The channel had delivered this message before (same external id): nothing was stored again. */
  duplicate: boolean;
  /** Why it went to its conversation: a reply to a known message, the sender's open conversation, or a new one. */
  threadedBy: ThreadedBy;
  /** Whether this message started the conversation. */
  started: boolean;
}

export type ThreadedBy = 'reply' | 'reply_address' | 'open' | 'new';

/** The longest HTML body kept (an e-mail's sanitised HTML); longer ones keep their text only. */
export const MAX_INBOUND_HTML_BYTES = 1024 * 1024;

/**
 * An e-mail's inline images (`<img src="cid:logo@shop">`) point at the files stored from its
 * parts: `parley-attachment:<attachment id>`, which the operator app turns into the file's signed
 * link when it shows the HTML (links expire, so none is stored). A cid no stored part has stays.
 */
export function withInlineImages(html: string, inline: ReadonlyMap<string, string>): string {
  if (!inline.size) return html;
  return html.replace(/cid:([^"'\s)>]+)/gi, (whole, cid: string) => {
    const id = inline.get(decodeURIComponentSafe(cid).toLowerCase());
    return id ? `parley-attachment:${id}` : whole;
  });
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** An inbound message's text cut to what a message may hold, marked when cut. */
export function fitBody(body: string, fallback: string): string {
  // eslint-disable-next-line no-control-regex
  const clean = (body ?? '').replace(/\u0000/g, '').replace(/\r\n/g, '\n').trim();
  if (!clean) return fallback;
  const chars = [...clean];
  return chars.length > MAX_MESSAGE_LENGTH ? `${chars.slice(0, MAX_MESSAGE_LENGTH - 1).join('')}…` : clean;
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
    private readonly files: AttachmentsService,
    private readonly links: ChannelLinkService,
  ) {}

  /**
   * Issue #10: stores one message that came in on a channel (a webhook's, a polled mail, a listener's)
   * exactly once: a message whose external id the channel delivered before is not stored again.
   * Threading: a reply to a message of a conversation on this channel continues that conversation
   * (reopening it when closed); otherwise the sender's open conversation on the channel continues;
   * otherwise a conversation starts — of the contact the sender already is on this channel kind, or
   * of the contact with the sender's e-mail or phone (one client across channels), or of a new one.
   * Files the adapter fetched are stored like web chat uploads; one that is refused (type, size) is
   * named in the text instead of failing the message.
   */
  async receive(channel: InboundChannel & Pick<ChannelEntity, 'workspaceId'>, msg: NormalisedInboundMessage): Promise<ReceivedMessage> {
    if (msg.workspaceId !== channel.workspaceId || msg.channelId !== channel.id) throw new Error('an inbound message must name the channel that received it');
    const externalId = typeof msg.externalMessageId === 'string' && msg.externalMessageId ? msg.externalMessageId.slice(0, 998) : null;
    if (!externalId) return this.store(channel, msg, null);
    // a copy arriving while this process stores the first (a provider's redelivery at its worst) waits for it
    const key = `${channel.id}|${externalId}`;
    const first = this.storing.get(key);
    if (first) return first.then((r) => ({ ...r, duplicate: true, started: false }), () => this.receive(channel, msg));
    const storing = this.store(channel, msg, externalId).finally(() => this.storing.delete(key));
    this.storing.set(key, storing);
    return storing;
  }

  /** Messages being stored by this process, by channel and external id. */
  private readonly storing = new Map<string, Promise<ReceivedMessage>>();

  /**
   * What the database knows of an inbound message before anything is written, for all the
   * messages arriving in the same tick in one statement: whether its external id is stored (a
   * redelivery), the sender's contact by their channel identity, and that contact's newest
   * conversation on the channel that is not closed.
   */
  private readonly lookups = batchPerTick<InboundLookupKey, InboundLookup>(async (keys) => {
    const rows: Array<Record<string, unknown>> = await this.db.query(
      `SELECT k.i, r.message_id, r.conversation_id AS ref_conversation_id, r.threaded_by, ci.contact_id, oc.id AS open_id
         FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[]) WITH ORDINALITY AS k(channel_id, workspace_id, kind, external_id, sender_id, i)
         LEFT JOIN channel_message_refs r ON r.channel_id = k.channel_id AND r.external_id = k.external_id
         LEFT JOIN LATERAL (SELECT contact_id FROM contact_channel_identities WHERE workspace_id = k.workspace_id AND kind = k.kind AND external_id = k.sender_id) ci ON k.sender_id IS NOT NULL
         LEFT JOIN LATERAL (SELECT id FROM conversations
            WHERE contact_id = ci.contact_id AND workspace_id = k.workspace_id AND channel_id = k.channel_id AND deleted_at IS NULL AND merged_into_id IS NULL AND status <> 'closed'
            ORDER BY last_message_at DESC, id DESC LIMIT 1) oc ON ci.contact_id IS NOT NULL`,
      [keys.map((k) => k.channelId), keys.map((k) => k.workspaceId), keys.map((k) => k.kind), keys.map((k) => k.externalId), keys.map((k) => k.senderId)],
    );
    const answers = keys.map((): InboundLookup => ({ known: null, contactId: null, openConversationId: null }));
    for (const r of rows) {
      const a = answers[Number(r['i']) - 1];
      if (r['message_id']) a.known = { messageId: r['message_id'] as string, conversationId: r['ref_conversation_id'] as string, threadedBy: ((r['threaded_by'] as ThreadedBy | null) ?? 'open') };
      a.contactId = (r['contact_id'] as string | null) ?? null;
      a.openConversationId = (r['open_id'] as string | null) ?? null;
    }
    return answers;
  });

  /** The channel refs of stored inbound messages, written for all the messages of a tick in one statement. */
  private readonly refWriter = batchPerTick<InboundRef, true>(async (refs) => {
    await this.db.query(
      `INSERT INTO channel_message_refs (channel_id, external_id, workspace_id, conversation_id, message_id, direction, threaded_by, automated)
       SELECT channel_id, external_id, workspace_id, conversation_id, message_id, 'in', threaded_by, automated
         FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::uuid[], $5::uuid[], $6::text[], $7::text[]) AS v(channel_id, external_id, workspace_id, conversation_id, message_id, threaded_by, automated)
       ON CONFLICT DO NOTHING`,
      [refs.map((r) => r.channelId), refs.map((r) => r.externalId), refs.map((r) => r.workspaceId), refs.map((r) => r.conversationId), refs.map((r) => r.messageId), refs.map((r) => r.threadedBy), refs.map((r) => r.automated)],
    );
    return refs.map(() => true as const);
  });

  private async store(channel: InboundChannel & Pick<ChannelEntity, 'workspaceId'>, msg: NormalisedInboundMessage, externalId: string | null): Promise<ReceivedMessage> {
    const workspaceId = channel.workspaceId;
    const senderId = typeof msg.externalContactId === 'string' && msg.externalContactId && msg.externalContactId.length <= MAX_EXTERNAL_ID_LENGTH ? msg.externalContactId : null;
    const seen = await this.lookups.load({ channelId: channel.id, workspaceId, kind: channel.type, externalId, senderId });
    if (seen.known) return { ...seen.known, duplicate: true, started: false };
    // the common case — a known sender writing on into their open conversation — needs no transaction
    // nor sender lock of its own: nothing is started, and the message writer locks the conversation
    const plain = !msg.linkCode && !msg.newThreadUnlessReply && !msg.replyConversationId && !(msg.replyTo ?? []).some((r) => typeof r === 'string' && r);
    if (plain && seen.contactId && seen.openConversationId) {
      return this.append(channel, msg, externalId, { conversationId: seen.openConversationId, contactId: seen.contactId, started: false }, 'open');
    }
    const email = normaliseEmail(msg.sender?.email);
    const phone = normalisePhone(msg.sender?.phone);
    let threadedBy: ThreadedBy = 'new';
    const groupId = await this.routingGroup(workspaceId, channel);
    const opened = await this.open(
      { workspaceId, channel, externalId: msg.externalContactId },
      {
        groupId,
        current: async (m) => {
          await m.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`inbound:${workspaceId}:${channel.type}:${msg.externalContactId}`]);
          const replyTo = (msg.replyTo ?? []).filter((r) => typeof r === 'string' && r).slice(0, 50).map((r) => r.slice(0, 998));
          if (replyTo.length) {
            const [hit] = await m.query(
              `SELECT c.id, c.contact_id FROM channel_message_refs r JOIN conversations c ON c.id = r.conversation_id
                WHERE r.channel_id = $1 AND r.external_id = ANY($2::text[]) AND c.workspace_id = $3 AND c.deleted_at IS NULL AND c.merged_into_id IS NULL
                ORDER BY r.created_at DESC LIMIT 1`,
              [channel.id, replyTo, workspaceId],
            );
            if (hit) {
              threadedBy = 'reply';
              return { conversationId: hit.id, contactId: hit.contact_id, channel };
            }
          }
          if (typeof msg.replyConversationId === 'string' && /^[0-9a-f-]{36}$/i.test(msg.replyConversationId)) {
            const [named] = await m.query(
              `SELECT id, contact_id FROM conversations WHERE id = $1 AND channel_id = $2 AND workspace_id = $3 AND deleted_at IS NULL AND merged_into_id IS NULL`,
              [msg.replyConversationId, channel.id, workspaceId],
            );
            if (named) {
              threadedBy = 'reply_address';
              return { conversationId: named.id, contactId: named.contact_id, channel };
            }
          }
          // a link code (SPEC A2) names the contact the sender is: their identity moves to it
          const linked = msg.linkCode ? await this.links.consume(m, channel, msg.linkCode, msg.externalContactId) : null;
          if (linked) await this.identities.attach(m, { workspaceId, contactId: linked, kind: channel.type, channelId: channel.id, externalId: msg.externalContactId });
          let contactId = linked ?? (await this.identities.findContactId(workspaceId, channel.type, msg.externalContactId, m));
          if (!contactId && email) contactId = (await this.contacts.findFirstByEmail(workspaceId, email, m))?.id ?? null;
          if (!contactId && phone) contactId = (await this.contacts.findFirstByPhone(workspaceId, phone, m))?.id ?? null;
          if (!contactId) return { conversationId: null, contactId: null, channel };
          if (msg.newThreadUnlessReply) return { conversationId: null, contactId, channel };
          const [open] = await m.query(
            `SELECT id FROM conversations
              WHERE contact_id = $1 AND workspace_id = $2 AND channel_id = $3 AND deleted_at IS NULL AND merged_into_id IS NULL AND status <> 'closed'
              ORDER BY last_message_at DESC, id DESC LIMIT 1`,
            [contactId, workspaceId, channel.id],
          );
          if (open) threadedBy = 'open';
          return { conversationId: (open?.id as string | undefined) ?? null, contactId, channel };
        },
        onStart: async (m, started) => {
          await this.contacts.fillMissing(m, workspaceId, started.contactId, { name: clip(msg.sender?.name, 200), email, phone });
          const subject = clip(msg.subject, 998);
          if (subject) await m.query(`UPDATE conversations SET subject = $2 WHERE id = $1`, [started.conversationId, subject]);
        },
      },
    );
    return this.append(channel, msg, externalId, opened, threadedBy);
  }

  /** Stores the message (its files first) in the conversation it was threaded into, then its channel ref. */
  private async append(channel: InboundChannel & Pick<ChannelEntity, 'workspaceId'>, msg: NormalisedInboundMessage, externalId: string | null, opened: InboundConversation, threadedBy: ThreadedBy): Promise<ReceivedMessage> {
    const workspaceId = channel.workspaceId;
    const contactId = opened.contactId as string;
    const notes: string[] = [];
    const attachmentIds: string[] = [];
    const inline = new Map<string, string>();
    for (const a of (msg.attachments ?? []).slice(0, MAX_INBOUND_ATTACHMENTS)) {
      if (!a.content) continue;
      try {
        const stored = await this.files.upload(Readable.from(a.content), { workspaceId, conversationId: opened.conversationId, uploaderType: 'visitor', uploaderId: contactId, name: a.name, declaredLength: a.content.length });
        attachmentIds.push(stored.id);
        const cid = typeof a.contentId === 'string' ? a.contentId.trim().replace(/^<|>$/g, '') : '';
        if (cid) inline.set(cid.toLowerCase(), stored.id);
      } catch (e) {
        if (!(e instanceof DomainException)) throw e;
        notes.push(`[${clip(a.name, 200) || 'file'} not kept: ${e.message}]`);
      }
    }
    const text = [msg.body ?? '', ...notes].filter(Boolean).join('\n\n');
    const body = fitBody(text, attachmentIds.length ? '' : clip(msg.subject, 200) || '(no text)');
    const html = typeof msg.html === 'string' && msg.html && Buffer.byteLength(msg.html) <= MAX_INBOUND_HTML_BYTES ? withInlineImages(msg.html, inline) : null;
    const r = await this.conversations.appendMessage({
      workspaceId,
      conversationId: opened.conversationId,
      clientId: msg.clientId ?? (externalId ? `ext:${externalId}` : null),
      authorType: MessageAuthorType.visitor,
      authorId: contactId,
      authorName: clip(msg.sender?.name, 200),
      body,
      html,
      attachmentIds,
      // an auto-reply, bulk mail or bounce is kept, but it does not reopen a closed conversation
      keepClosed: !!msg.automated,
    });
    if (externalId) await this.refWriter.load({ channelId: channel.id, externalId, workspaceId, conversationId: opened.conversationId, messageId: r.message.id, threadedBy, automated: msg.automated ?? null });
    if (opened.started) await this.route(workspaceId, opened.conversationId).catch(() => false);
    return { messageId: r.message.id, conversationId: opened.conversationId, duplicate: !r.created, threadedBy, started: opened.started };
  }

  /** Starts or continues the sender's conversation, in one transaction (the caller's when given). */
  /** The channel's routing group (SPEC B3) while it still exists; a deleted group routes to everyone. */
  private async routingGroup(workspaceId: string, channel: InboundChannel): Promise<string | null> {
    const id = routingGroupOf(channel.settings);
    if (!id) return null;
    const [g] = await this.db.query(`SELECT id FROM operator_groups WHERE id = $1 AND workspace_id = $2`, [id, workspaceId]);
    return (g?.id as string | undefined) ?? null;
  }

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
    // a kind with its own acquisition settings (the web chat) reads them; the generic form's are the core keys
    const a = adapter?.acquisitionOf ? adapter.acquisitionOf(channel.settings ?? {}) : coreAcquisitionOf(channel.settings);
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

interface InboundLookupKey {
  channelId: string;
  workspaceId: string;
  kind: string;
  externalId: string | null;
  senderId: string | null;
}

interface InboundLookup {
  known: Pick<ReceivedMessage, 'messageId' | 'conversationId' | 'threadedBy'> | null;
  contactId: string | null;
  openConversationId: string | null;
}

interface InboundRef {
  channelId: string;
  externalId: string;
  workspaceId: string;
  conversationId: string;
  messageId: string;
  threadedBy: ThreadedBy;
  automated: string | null;
}

/** Files kept of one inbound message at most (a mail with more keeps the first ones). */
const MAX_INBOUND_ATTACHMENTS = 20;

const clip = (v: unknown, max: number): string | null => (typeof v === 'string' && v.trim() ? v.trim().slice(0, max) : null);

/** An e-mail address as senders are matched by it: trimmed, lower-cased (plus-addressing kept as written); null when it is not one. */
export function normaliseEmail(v: unknown): string | null {
  const s = clip(v, 320)?.toLowerCase() ?? null;
  return s && /^[^\s@<>()]+@[^\s@<>()]+\.[^\s@<>()]+$/.test(s) ? s : null;
}

/** A phone number in E.164 (`+48123456789`) when it is a valid international one; null otherwise. */
export function normalisePhone(v: unknown): string | null {
  const s = clip(v, 40);
  if (!s) return null;
  const parsed = parsePhoneNumberFromString(s.startsWith('+') ? s : `+${s.replace(/^00/, '')}`);
  return parsed?.isValid() ? parsed.number : null;
}
