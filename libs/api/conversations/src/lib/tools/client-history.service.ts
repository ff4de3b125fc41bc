import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { isUuid } from '@parley/api/platform/graphql';
import { DataSource } from 'typeorm';

/** A message's text is cut here for the AI summary (a pasted log or a long e-mail would eat the budget alone). */
export const HISTORY_MESSAGE_MAX_CHARS = 4000;
const HISTORY_PAGE_MAX = 500;

interface Mark {
  at: Date;
  id: string;
}

/**
 * Issue #11 (E7): a client's messages across all their conversations and channels, newest first,
 * for the CRM's AI summary (its CLIENT_HISTORY port: the CRM may not read conversations itself).
 * Every conversation of the client counts, whoever may open it: the summary is the client's, like
 * the client card, and only operators with "Use AI tools" see it. Deleted conversations and system
 * lines are left out. Keyset over (created_at, id); `messages_conversation_seq` narrows to the
 * client's conversations.
 */
@Injectable()
export class ClientHistoryService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async newest(workspaceId: string, contactId: string, opts: { before?: Mark | null; after?: Mark | null; limit: number }) {
    if (!isUuid(contactId)) return [];
    const limit = Math.max(1, Math.min(HISTORY_PAGE_MAX, Math.floor(opts.limit)));
    const params: unknown[] = [workspaceId, contactId];
    const p = (v: unknown) => `$${params.push(v)}`;
    const where = [`m.author_type IN ('visitor', 'operator')`];
    if (opts.before) where.push(`(m.created_at, m.id) < (${p(opts.before.at.toISOString())}::timestamptz, ${p(opts.before.id)}::uuid)`);
    if (opts.after) where.push(`(m.created_at, m.id) > (${p(opts.after.at.toISOString())}::timestamptz, ${p(opts.after.id)}::uuid)`);
    const rows: Array<{ id: string; created_at: Date; conversation_id: string; kind: string | null; author_type: string; author_name: string | null; body: string; attachments: Array<{ name?: string }> | null }> = await this.db.query(
      `SELECT m.id, m.created_at, m.conversation_id, ch.type AS kind, m.author_type, m.author_name, left(m.body, ${HISTORY_MESSAGE_MAX_CHARS + 1}) AS body, m.attachments
         FROM messages m
         JOIN conversations c ON c.id = m.conversation_id AND c.workspace_id = $1 AND c.contact_id = $2 AND c.deleted_at IS NULL
         LEFT JOIN channels ch ON ch.id = c.channel_id
        WHERE m.workspace_id = $1 AND ${where.join(' AND ')}
        ORDER BY m.created_at DESC, m.id DESC
        LIMIT ${p(limit)}`,
      params,
    );
    return rows.map((r) => {
      let text = (r.body ?? '').trim();
      if (text.length > HISTORY_MESSAGE_MAX_CHARS) text = `${text.slice(0, HISTORY_MESSAGE_MAX_CHARS)}…`;
      const files = (r.attachments ?? []).map((a) => a?.name).filter((n): n is string => !!n);
      if (files.length) text = [text, `[attached: ${files.join(', ')}]`].filter(Boolean).join(' ');
      return {
        id: r.id,
        at: new Date(r.created_at),
        conversationId: r.conversation_id,
        channel: r.kind ?? 'webchat',
        from: r.author_type === 'operator' ? ('operator' as const) : ('client' as const),
        authorName: r.author_name,
        text,
      };
    });
  }
}
