import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuthUser } from '@parley/api/platform/auth';
import { badInput, decodeCursor, encodeCursor, isUuid, notFound } from '@parley/api/platform/graphql';
import { DataSource } from 'typeorm';
import { ConversationEntity } from '../entities/conversation.entity';
import { visibilitySql } from '../services/visibility-sql';

export const CONTACT_CONVERSATIONS_PAGE_MAX = 50;

/**
 * The client's timeline across channels (CRM side panel): their conversations, read from the
 * conversations table with the caller's visibility. It is conversations' data keyed by a contact,
 * so it stays here; the contacts domain (which may not import conversations) does not serve it.
 */
@Injectable()
export class ContactTimelineService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The client's conversations on every channel the caller may see, newest first, keyset-paged. */
  async contactConversations(user: AuthUser, contactId: string, first: number, after?: string | null): Promise<{ nodes: ConversationEntity[]; hasNextPage: boolean; endCursor: string | null }> {
    if (!Number.isInteger(first) || first < 1 || first > CONTACT_CONVERSATIONS_PAGE_MAX) throw badInput(`first must be between 1 and ${CONTACT_CONVERSATIONS_PAGE_MAX}`);
    if (!isUuid(contactId)) throw notFound('Contact');
    const qb = this.db.getRepository(ConversationEntity).createQueryBuilder('c').where('c.workspace_id = :ws AND c.contact_id = :contactId', { ws: user.workspaceId, contactId });
    const visible = visibilitySql(user, 'c', () => ':me');
    if (visible) qb.andWhere(visible, { me: user.operatorId });
    if (after) {
      const cur = decodeCursor(after);
      qb.andWhere('(c.last_message_at, c.id) < (:at, :id)', { at: cur.at, id: cur.id });
    }
    const rows = await qb.orderBy('c.last_message_at', 'DESC').addOrderBy('c.id', 'DESC').limit(first + 1).getMany();
    const nodes = rows.slice(0, first);
    const last = nodes[nodes.length - 1];
    return { nodes, hasNextPage: rows.length > first, endCursor: last ? encodeCursor({ at: last.lastMessageAt, id: last.id }) : null };
  }
}
