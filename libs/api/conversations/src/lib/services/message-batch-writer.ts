import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { isUniqueViolation } from '@parley/api/platform/database';
import { DomainException, notFound } from '@parley/api/platform/graphql';
import { ConversationStatus, ErrorCode, MessageAuthorType, MessageCard } from '@parley/shared/contracts';
import { DataSource, EntityManager } from 'typeorm';
import { ConversationEntity } from '../entities/conversation.entity';
import { AttachmentMeta, DeliveryStatus, MessageEntity } from '../entities/message.entity';
import { attachmentsPreview, lockAttachmentsForMessage } from '../attachments/attachments.service';
import { mapConversationRow } from './conversations.service';
import { OutboundMessagesPort } from './outbound-messages.port';

/** One message to store; `body` is already normalized (validated, trimmed). */
export interface MessageToWrite {
  workspaceId: string;
  conversationId: string;
  clientId: string | null;
  authorType: MessageAuthorType;
  authorId: string | null;
  authorName: string | null;
  body: string;
  preview: string;
  /** Validated attachment ids (SPEC A9): claimed in the batch's transaction; '' preview → the file names. */
  attachmentIds?: string[];
  /** Sanitised HTML of a channel message that has it (an e-mail). */
  html?: string | null;
  /** Issue #12: a structured card (a product) the message carries. */
  card?: MessageCard | null;
  /** An automated visitor message (an e-mail auto-reply): a closed conversation stays closed. */
  keepClosed?: boolean;
}

export interface WrittenMessage {
  message: MessageEntity;
  /** The conversation right after this message (seq, status, assignee as they became). */
  conversation: ConversationEntity;
  /** Status and assignee right before this message; null when the clientId was already stored. */
  previous: { status: ConversationStatus; assigneeId: string | null } | null;
  created: boolean;
}

/** The fields of a conversation a message changes. */
export interface ConversationState {
  status: ConversationStatus;
  assigneeId: string | null;
  lastSeq: number;
  closedAt: Date | null;
}

/**
 * What one message does to its conversation (SPEC A5): it takes the next seq; a visitor message
 * reopens a closed conversation (back to the queue when nobody has it); an operator message takes
 * a queued conversation and reopens a closed one.
 */
export function applyMessage(s: ConversationState, authorType: MessageAuthorType, authorId: string | null, keepClosed = false): ConversationState {
  const isVisitor = authorType === MessageAuthorType.visitor;
  const assigneeId = isVisitor ? s.assigneeId : (s.assigneeId ?? authorId);
  let status = s.status;
  // an automated mail (auto-reply, bounce) is kept in the closed conversation without reopening it
  if (isVisitor && keepClosed && s.status === ConversationStatus.closed) return { status, assigneeId, lastSeq: s.lastSeq + 1, closedAt: s.closedAt };
  if (isVisitor && s.status === ConversationStatus.closed) status = s.assigneeId === null ? ConversationStatus.queued : ConversationStatus.open;
  else if (!isVisitor && (s.status === ConversationStatus.queued || s.status === ConversationStatus.closed)) status = ConversationStatus.open;
  // SPEC D2: an operator writing into a bot conversation takes it over (the bot's own messages are system ones)
  else if (authorType === MessageAuthorType.operator && s.status === ConversationStatus.bot) status = ConversationStatus.open;
  return { status, assigneeId, lastSeq: s.lastSeq + 1, closedAt: s.status === ConversationStatus.closed ? null : s.closedAt };
}

interface Pending {
  item: MessageToWrite;
  resolve: (r: WrittenMessage) => void;
  reject: (e: unknown) => void;
}

/** Messages waiting at most this many per transaction. */
const MAX_BATCH = 500;
/**
 * Transactions writing at once (each holds one pooled connection). Two keep PostgreSQL busy while
 * letting batches grow under load: at 2,000 msg/s, 2 instead of 4 took PostgreSQL from 78 % to
 * 61 % of a core for the same latency (README "Benchmarks").
 */
const MAX_CONCURRENT = 2;

/**
 * Stores messages in batches: whatever arrived while the previous transaction was committing goes
 * into the next one — one `SELECT … FOR UPDATE` of the conversations, one multi-row INSERT, one
 * UPDATE and one commit for the lot, instead of a transaction per message. Under light load a
 * batch is one message, written at once; under heavy load commits are shared, which is the only
 * way past the per-commit ceiling of a durable database.
 *
 * Guarantees are those of the single-message path: seqs are gapless and increasing per
 * conversation, in the order `write` was called (conversation rows are locked, in id order so
 * concurrent batches cannot deadlock; a conversation is in at most one batch at a time); the same clientId in a conversation is
 * stored once (found before inserting, also within a batch; a race with another process is caught
 * by the unique constraint and the batch is retried message by message); a message whose
 * conversation is gone fails alone, not its batch.
 */
export class MessageBatchWriter {
  private queue: Pending[] = [];
  private inFlight = 0;
  private scheduled = false;
  /** Conversations with a batch being written: their next messages wait, so order is kept. */
  private readonly busy = new Set<string>();
  private readonly logger = new Logger('MessageBatchWriter');

  constructor(
    private readonly db: DataSource,
    /** Issue #10: queues what operators and the bot wrote for channels that send through the outbox, in the same transaction. */
    private readonly outbound?: OutboundMessagesPort,
  ) {}

  /**
   * Queues the message at once (synchronously, so callers' order is the write order) and
   * resolves when it is committed.
   */
  write(item: MessageToWrite): Promise<WrittenMessage> {
    return new Promise<WrittenMessage>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      if (!this.scheduled && this.inFlight < MAX_CONCURRENT) {
        this.scheduled = true;
        // let the frames already read from the sockets join this batch
        setImmediate(() => {
          this.scheduled = false;
          this.drain();
        });
      }
    });
  }

  private drain(): void {
    while (this.queue.length > 0 && this.inFlight < MAX_CONCURRENT) {
      // a conversation being written sits this batch out (its later messages too, so they stay in order)
      const batch: Pending[] = [];
      const rest: Pending[] = [];
      for (const p of this.queue) {
        if (batch.length < MAX_BATCH && !this.busy.has(p.item.conversationId)) batch.push(p);
        else rest.push(p);
      }
      if (!batch.length) return;
      this.queue = rest;
      const conversations = new Set(batch.map((p) => p.item.conversationId));
      conversations.forEach((id) => this.busy.add(id));
      this.inFlight++;
      void this.flush(batch).finally(() => {
        conversations.forEach((id) => this.busy.delete(id));
        this.inFlight--;
        this.drain();
      });
    }
  }

  private async flush(batch: Pending[], checkDuplicates = false): Promise<void> {
    let results: Array<WrittenMessage | Error>;
    try {
      results = await this.db.transaction(async (m) => {
        const written = await writeBatch(m, batch.map((p) => p.item), { checkDuplicates });
        if (this.outbound) {
          const out = written.filter((r): r is WrittenMessage => !(r instanceof Error) && r.created && isOutbound(r.message));
          if (out.length) await this.outbound.written(m, out);
        }
        return written;
      });
    } catch (e) {
      if (isUniqueViolation(e, 'messages_conversation_client_id_key')) {
        // a clientId already stored (a widget resending after a reconnect): look them up first
        if (!checkDuplicates) return this.flush(batch, true);
        // another process stored one of these clientIds meanwhile: one at a time finds it
        if (batch.length > 1) {
          this.logger.debug('clientId race in a batch; retrying its messages one by one');
          for (const p of batch) await this.flush([p], true);
          return;
        }
      }
      for (const p of batch) p.reject(e);
      return;
    }
    results.forEach((r, i) => (r instanceof Error ? batch[i].reject(r) : batch[i].resolve(r)));
  }
}

/** What leaves Parley on the conversation's channel: an operator's message, or a bot's line (a system message with a name). */
export function isOutbound(m: { authorType: MessageAuthorType; authorName?: string | null }): boolean {
  return m.authorType === MessageAuthorType.operator || (m.authorType === MessageAuthorType.system && !!m.authorName);
}

/** A system line with no author (joined / took over …): not conversation content, never the preview. */
export function isEventLine(m: { authorType: MessageAuthorType; authorName?: string | null }): boolean {
  return m.authorType === MessageAuthorType.system && !m.authorName;
}

export interface WriteBatchOptions {
  /**
   * Look up stored messages with the batch's clientIds before inserting. Off on the first try of
   * a batch (a resent clientId is rare, and the unique key catches it: the writer then retries the
   * batch with the lookup), which saves a round trip per batch.
   */
  checkDuplicates: boolean;
}

/** `$n` placeholders from `first` on: the messages of a batch as 13 parallel arrays. */
const INSERT_MESSAGES_SQL = (first: number) => {
  const $ = (i: number) => `$${first + i}`;
  return `INSERT INTO messages (id, workspace_id, conversation_id, seq, client_id, author_type, author_id, author_name, body, created_at, attachments, html, card)
    SELECT * FROM unnest(${$(0)}::uuid[], ${$(1)}::uuid[], ${$(2)}::uuid[], ${$(3)}::int[], ${$(4)}::text[], ${$(5)}::text[], ${$(6)}::uuid[], ${$(7)}::text[], ${$(8)}::text[], ${$(9)}::timestamptz[], ${$(10)}::jsonb[], ${$(11)}::text[], ${$(12)}::jsonb[])`;
};

/** `$n` placeholders from `first` on: the changed conversations as 8 parallel arrays. */
const UPDATE_CONVERSATIONS_SQL = (first: number) => {
  const $ = (i: number) => `$${first + i}`;
  return `UPDATE conversations c SET
      last_seq = v.last_seq, status = v.status, assignee_id = v.assignee_id, closed_at = v.closed_at,
      last_message_at = v.at, last_message_preview = v.preview, updated_at = v.at, snoozed_until = v.snoozed_until
    FROM unnest(${$(0)}::uuid[], ${$(1)}::int[], ${$(2)}::text[], ${$(3)}::uuid[], ${$(4)}::timestamptz[], ${$(5)}::timestamptz[], ${$(6)}::text[], ${$(7)}::timestamptz[])
      AS v(id, last_seq, status, assignee_id, closed_at, at, preview, snoozed_until)
    WHERE c.id = v.id`;
};

/** Writes the batch in the caller's transaction; one result (or error) per item, in order. */
export async function writeBatch(m: EntityManager, items: MessageToWrite[], options: WriteBatchOptions = { checkDuplicates: true }): Promise<Array<WrittenMessage | Error>> {
  const conversationIds = [...new Set(items.map((i) => i.conversationId))];
  const rows: Array<Record<string, unknown>> = await m.query(
    `SELECT *, now() AS tx_now FROM conversations WHERE id = ANY($1::uuid[]) AND deleted_at IS NULL ORDER BY id FOR UPDATE`,
    [conversationIds],
  );
  if (!rows.length) return items.map(() => notFound('Conversation'));
  const now = new Date(rows[0]['tx_now'] as string);
  const conversations = new Map(rows.map((r) => [r['id'] as string, { entity: mapConversationRow(r), changed: false }]));

  const keyed = options.checkDuplicates ? items.filter((i) => i.clientId !== null) : [];
  const stored = new Map<string, Record<string, unknown>>();
  if (keyed.length) {
    const found: Array<Record<string, unknown>> = await m.query(
      `SELECT m.* FROM messages m JOIN unnest($1::uuid[], $2::text[]) AS k(conversation_id, client_id)
         ON m.conversation_id = k.conversation_id AND m.client_id = k.client_id`,
      [keyed.map((i) => i.conversationId), keyed.map((i) => i.clientId)],
    );
    for (const r of found) stored.set(`${r['conversation_id']}|${r['client_id']}`, r);
  }

  const results: Array<WrittenMessage | Error> = [];
  const inserts: MessageEntity[] = [];
  const claimed = new Set<string>();
  const written = new Map<string, MessageEntity>();
  const snapshot = (c: Partial<ConversationEntity>) => Object.assign(new ConversationEntity(), c);
  for (const item of items) {
    const conv = conversations.get(item.conversationId);
    if (!conv || conv.entity.workspaceId !== item.workspaceId) {
      results.push(notFound('Conversation'));
      continue;
    }
    const key = item.clientId === null ? null : `${item.conversationId}|${item.clientId}`;
    const earlier = key ? (written.get(key) ?? (stored.has(key) ? messageFromRow(stored.get(key) as Record<string, unknown>) : undefined)) : undefined;
    if (earlier) {
      results.push({ message: earlier, conversation: snapshot(conv.entity), previous: null, created: false });
      continue;
    }
    // files: the sender's own unsent uploads, claimed once (a refusal fails this message alone)
    let files: AttachmentMeta[] = [];
    if (item.attachmentIds?.length) {
      try {
        if (item.attachmentIds.some((id) => claimed.has(id))) throw new DomainException(ErrorCode.NotFound, 'Attachment not found: upload the file again');
        files = await lockAttachmentsForMessage(m, { workspaceId: item.workspaceId, conversationId: item.conversationId, uploaderType: item.authorType === MessageAuthorType.visitor ? 'visitor' : 'operator', uploaderId: item.authorId, ids: item.attachmentIds });
      } catch (e) {
        if (!(e instanceof DomainException)) throw e;
        results.push(e);
        continue;
      }
      files.forEach((f) => claimed.add(f.id));
    }
    const c = conv.entity as ConversationEntity;
    const previous = { status: c.status, assigneeId: c.assigneeId };
    const next = applyMessage(c, item.authorType, item.authorId, !!item.keepClosed);
    Object.assign(c, next, { lastMessageAt: now, updatedAt: now });
    // the list preview is what the customer or an operator (or the bot) said: an event line such
    // as "Boris Petrov took over the conversation" must not hide the customer's question (issue #17)
    if (!isEventLine(item)) c.lastMessagePreview = item.preview || attachmentsPreview(files);
    // a visitor writing wakes a snoozed conversation (issue #4)
    if (item.authorType === MessageAuthorType.visitor) c.snoozedUntil = null;
    conv.changed = true;
    const message = Object.assign(new MessageEntity(), {
      id: randomUUID(),
      workspaceId: item.workspaceId,
      conversationId: item.conversationId,
      seq: next.lastSeq,
      clientId: item.clientId,
      authorType: item.authorType,
      authorId: item.authorId,
      authorName: item.authorName,
      body: item.body,
      createdAt: now,
      editedAt: null,
      attachments: files.length ? files : null,
      html: item.html ?? null,
      card: item.card ?? null,
      deliveryStatus: null,
      deliveryError: null,
      editError: null,
    });
    inserts.push(message);
    if (key) written.set(key, message);
    results.push({ message, conversation: snapshot(c), previous, created: true });
  }

  if (inserts.length) {
    const insertParams = [
      inserts.map((x) => x.id),
      inserts.map((x) => x.workspaceId),
      inserts.map((x) => x.conversationId),
      inserts.map((x) => x.seq),
      inserts.map((x) => x.clientId),
      inserts.map((x) => x.authorType),
      inserts.map((x) => x.authorId),
      inserts.map((x) => x.authorName),
      inserts.map((x) => x.body),
      inserts.map((x) => x.createdAt),
      inserts.map((x) => (x.attachments ? JSON.stringify(x.attachments) : null)),
      inserts.map((x) => x.html),
      inserts.map((x) => (x.card ? JSON.stringify(x.card) : null)),
    ];
    const changed = [...conversations.values()].filter((c) => c.changed).map((c) => c.entity as ConversationEntity);
    const updateParams = [
      changed.map((c) => c.id),
      changed.map((c) => c.lastSeq),
      changed.map((c) => c.status),
      changed.map((c) => c.assigneeId),
      changed.map((c) => c.closedAt),
      changed.map((c) => c.lastMessageAt),
      changed.map((c) => c.lastMessagePreview),
      changed.map((c) => c.snoozedUntil ?? null),
    ];
    const links = inserts.flatMap((x) => (x.attachments ?? []).map((a) => [a.id, x.id, x.conversationId]));
    if (!links.length) {
      // one statement, one round trip: the INSERT runs as a data-modifying CTE of the UPDATE
      await m.query(`WITH inserted AS (${INSERT_MESSAGES_SQL(1)}) ${UPDATE_CONVERSATIONS_SQL(14)}`, [...insertParams, ...updateParams]);
    } else {
      await m.query(INSERT_MESSAGES_SQL(1), insertParams);
      await m.query(
        `UPDATE attachments a SET message_id = v.message_id, conversation_id = v.conversation_id
         FROM unnest($1::uuid[], $2::uuid[], $3::uuid[]) AS v(id, message_id, conversation_id) WHERE a.id = v.id`,
        [links.map((l) => l[0]), links.map((l) => l[1]), links.map((l) => l[2])],
      );
      await m.query(UPDATE_CONVERSATIONS_SQL(1), updateParams);
    }
  }
  return results;
}

export function messageFromRow(r: Record<string, unknown>): MessageEntity {
  return Object.assign(new MessageEntity(), {
    id: r['id'] as string,
    workspaceId: r['workspace_id'] as string,
    conversationId: r['conversation_id'] as string,
    seq: Number(r['seq']),
    clientId: (r['client_id'] as string | null) ?? null,
    authorType: r['author_type'] as MessageAuthorType,
    authorId: (r['author_id'] as string | null) ?? null,
    authorName: (r['author_name'] as string | null) ?? null,
    body: r['body'] as string,
    createdAt: new Date(r['created_at'] as string),
    editedAt: r['edited_at'] ? new Date(r['edited_at'] as string) : null,
    attachments: (r['attachments'] as AttachmentMeta[] | null) ?? null,
    html: (r['html'] as string | null) ?? null,
    card: (r['card'] as MessageCard | null) ?? null,
    deliveryStatus: (r['delivery_status'] as DeliveryStatus | null) ?? null,
    deliveryError: (r['delivery_error'] as string | null) ?? null,
    editError: (r['edit_error'] as string | null) ?? null,
  });
}
