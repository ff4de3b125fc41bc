import { Args, ID, Mutation, Resolver } from '@nestjs/graphql';
import { InjectDataSource } from '@nestjs/typeorm';
import { ConversationEntity, ConversationObject, ConversationsService } from '@parley/api/conversations';
import { AuditAction, AuditService } from '@parley/api/platform/audit';
import { AuthUser, CurrentUser } from '@parley/api/platform/auth';
import { badInput, forbidden, isUuid, notFound } from '@parley/api/platform/graphql';
import { ConversationStatus, MessageAuthorType, OperatorRole, ROLES_THAT_REPLY } from '@parley/shared/contracts';
import { DataSource } from 'typeorm';
import { EMAIL_KIND } from './email-settings';

/**
 * Issue #10, SPEC A2: an agent moves an inbound e-mail that was threaded into the wrong
 * conversation — into a new one of the same client on the same channel (split), or into another
 * existing conversation of that client on that channel (move; e.g. a reply that lost its headers).
 * Seqs are gapless and a conversation's history is never rewritten, so the mail is copied (text
 * and sanitised HTML; its files stay with the original, as the copy says) into the target, its
 * channel reference (Message-ID) moves there — the client's answers to it, and our replies'
 * threading, follow it — and the old conversation gets an event line naming the move. Audited;
 * both conversations reach other operators live (message events).
 */
@Resolver()
export class EmailSplitResolver {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly conversations: ConversationsService,
    private readonly audit: AuditService,
  ) {}

  @Mutation(() => ConversationObject, { description: 'Issue #10: splits an inbound e-mail into a new conversation of the same client (audited); returns the new conversation.' })
  async splitEmailMessage(@CurrentUser() user: AuthUser, @Args('messageId', { type: () => ID }) messageId: string): Promise<ConversationObject> {
    return this.relocate(user, messageId, null);
  }

  @Mutation(() => ConversationObject, {
    description: 'Issue #10: moves an inbound e-mail into another existing conversation of the same client on the same mailbox (audited); returns that conversation.',
  })
  async moveEmailMessage(
    @CurrentUser() user: AuthUser,
    @Args('messageId', { type: () => ID }) messageId: string,
    @Args('conversationId', { type: () => ID }) conversationId: string,
  ): Promise<ConversationObject> {
    return this.relocate(user, messageId, conversationId);
  }

  /** Copies the mail into `targetId` (or a new conversation when null) and moves its Message-ID reference there. */
  private async relocate(user: AuthUser, messageId: string, targetId: string | null): Promise<ConversationObject> {
    const verb = targetId ? 'moved' : 'split';
    if (!ROLES_THAT_REPLY.includes(user.role)) throw forbidden(targetId ? 'Observers cannot move mail' : 'Observers cannot split conversations');
    if (!isUuid(messageId)) throw notFound('Message');
    const [m] = await this.db.query(
      `SELECT m.id, m.conversation_id, m.body, m.html, m.author_type, m.author_id, m.author_name, m.attachments, r.external_id, r.channel_id, ch.type AS channel_type
         FROM messages m
         LEFT JOIN channel_message_refs r ON r.message_id = m.id AND r.direction = 'in'
         LEFT JOIN conversations c ON c.id = m.conversation_id
         LEFT JOIN channels ch ON ch.id = c.channel_id
        WHERE m.id = $1 AND m.workspace_id = $2`,
      [messageId, user.workspaceId],
    );
    if (!m) throw notFound('Message');
    // visibility (groups, deleted) as everywhere else: NOT_FOUND when the operator may not see it
    const from = await this.conversations.getForOperator(user, m.conversation_id);
    if (user.role === OperatorRole.agent && from.assigneeId && from.assigneeId !== user.operatorId) throw forbidden(`You can only ${targetId ? 'move' : 'split'} mail of a conversation you have`);
    if (m.channel_type !== EMAIL_KIND || m.author_type !== MessageAuthorType.visitor) {
      throw badInput(targetId ? 'Only an e-mail the client sent can be moved into another conversation' : 'Only an e-mail the client sent can be split into a new conversation', { field: 'messageId' });
    }
    // every inbound mail has its Message-ID reference; one without has been split off already (the reference went with the copy)
    if (!m.external_id) throw badInput('This mail was split or moved already', { field: 'messageId' });
    let target: ConversationEntity | null = null;
    if (targetId) {
      target = await this.conversations.getForOperator(user, targetId).catch(() => {
        throw notFound('Conversation');
      });
      if (target.id === from.id) throw badInput('The mail is in this conversation already', { field: 'conversationId' });
      if (target.channelId !== from.channelId) throw badInput('A mail can only be moved into a conversation of the same mailbox', { field: 'conversationId' });
      if (!target.contactId || target.contactId !== from.contactId) throw badInput('A mail can only be moved into a conversation of the same client', { field: 'conversationId' });
      if (user.role === OperatorRole.agent && target.assigneeId && target.assigneeId !== user.operatorId) throw forbidden('You can only move mail into a conversation you have or one nobody has taken');
    } else {
      const [{ n }] = await this.db.query(`SELECT count(*)::int AS n FROM messages WHERE conversation_id = $1 AND author_type = 'visitor'`, [from.id]);
      if (n < 2) throw badInput('This is the only mail of the conversation: there is nothing to split it from', { field: 'messageId' });
    }
    const [actor] = await this.db.query(`SELECT display_name FROM operators WHERE id = $1`, [user.operatorId]);
    const actorName: string = actor?.display_name ?? 'An operator';

    const to = await this.db.transaction(async (tx) => {
      // one move of a mail at a time: the second finds the reference moved
      const [ref] = await tx.query(`SELECT conversation_id FROM channel_message_refs WHERE channel_id = $1 AND external_id = $2 FOR UPDATE`, [m.channel_id, m.external_id]);
      if (!ref || ref.conversation_id !== from.id) throw badInput('This mail was split or moved already', { field: 'messageId' });
      if (target) return target;
      const c = await this.conversations.startConversation(user.workspaceId, from.channelId, tx, from.groupId ?? null, from.contactId);
      await tx.query(`UPDATE conversations SET subject = $2 WHERE id = $1`, [c.id, from.subject ?? null]);
      return c;
    });
    const files = Array.isArray(m.attachments) ? m.attachments.length : 0;
    const note = files ? `\n\n[${files === 1 ? '1 file stays' : `${files} files stay`} with the original mail in the earlier conversation]` : '';
    // the client id makes a retried request land once; a mail moved on again is another message (another id)
    const copy = await this.conversations.appendMessage({
      workspaceId: user.workspaceId,
      conversationId: to.id,
      clientId: `${targetId ? 'move' : 'split'}:${m.id}`,
      authorType: MessageAuthorType.visitor,
      authorId: m.author_id,
      authorName: m.author_name,
      body: `${m.body ?? ''}${note}`.trim() || '(no text)',
      html: m.html ?? null,
    });
    await this.db.transaction(async (tx) => {
      await tx.query(`UPDATE channel_message_refs SET conversation_id = $3, message_id = $4 WHERE channel_id = $1 AND external_id = $2`, [m.channel_id, m.external_id, to.id, copy.message.id]);
      await this.audit.record(
        {
          workspaceId: user.workspaceId,
          actorId: user.operatorId,
          actorName,
          action: targetId ? AuditAction.messageMoved : AuditAction.messageSplit,
          targetType: 'conversation',
          targetId: to.id,
          details: { from: from.id, to: to.id, messageId: m.id, externalId: String(m.external_id).slice(0, 200) },
        },
        tx,
      );
    });
    // an event line in the old thread (only an open one: a line there would reopen a closed or take a queued conversation)
    if (from.status === ConversationStatus.open) await this.conversations.appendMessage({
      workspaceId: user.workspaceId,
      conversationId: from.id,
      clientId: `${verb}-note:${m.id}`,
      authorType: MessageAuthorType.system,
      authorId: null,
      authorName: null,
      body: targetId ? `${actorName} moved a mail of this conversation into another conversation of the client` : `${actorName} split a mail of this conversation into a new conversation`,
    });
    return this.conversations.getForOperator(user, to.id);
  }
}
