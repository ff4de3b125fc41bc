import { Inject, Injectable, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { assertMayEditClients, ClientEventsService, ClientsService, ContactChangeKind, ContactIdentitiesService } from '@parley/api/contacts';
import { IdentityService, OperatorAccessService } from '@parley/api/identity';
import { AuditService, ClientAuditAction } from '@parley/api/platform/audit';
import { AuthUser } from '@parley/api/platform/auth';
import { DataSource } from 'typeorm';
import { ConversationEntity } from '../entities/conversation.entity';
import { ConversationContactEditContext } from './conversation-contact-edit-context';
import { CONVERSATION_CONTACT_MOVES, ConversationContactMoves } from './conversation-contact-moves.port';

/**
 * Issue #11 (E2): while an operator types a phone or e-mail that a known client has, the panel
 * offers that client; this links the conversation to it. The conversation's former contact keeps
 * its card; when it has no other conversation left (a new visitor), its channel identities move
 * too, so the person's next message on that channel lands on the client, and so does what the
 * channel keeps of its sender (CONVERSATION_CONTACT_MOVES: the web chat's visitor). Audited and live: the
 * inbox rows of the conversation and the panels of both clients follow.
 */
@Injectable()
export class ConversationContactLinkService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly context: ConversationContactEditContext,
    private readonly clients: ClientsService,
    private readonly identities: ContactIdentitiesService,
    private readonly access: OperatorAccessService,
    private readonly identity: IdentityService,
    private readonly audit: AuditService,
    private readonly events: ClientEventsService,
    @Optional() @Inject(CONVERSATION_CONTACT_MOVES) private readonly channelMoves: ConversationContactMoves | null = null,
  ) {}

  async link(user: AuthUser, conversationId: string, contactId: string): Promise<ConversationEntity> {
    await assertMayEditClients(this.access, user);
    const conversation = await this.context.targetOf(user, conversationId);
    await this.clients.get(user.workspaceId, contactId);
    const fromContactId = conversation.contactId;
    if (fromContactId === contactId) return conversation;
    const [me] = await this.identity.findOperatorsByIds(user.workspaceId, [user.operatorId]);
    await this.db.transaction(async (m) => {
      await m.query(`SELECT id FROM conversations WHERE id = $1 FOR UPDATE`, [conversation.id]);
      await m.query(`UPDATE conversations SET contact_id = $3, updated_at = now() WHERE id = $1 AND workspace_id = $2`, [conversation.id, user.workspaceId, contactId]);
      const [other] = await m.query(`SELECT 1 FROM conversations WHERE workspace_id = $1 AND contact_id = $2 LIMIT 1`, [user.workspaceId, fromContactId]);
      const moved = other ? 0 : await this.identities.moveAll(m, user.workspaceId, fromContactId, contactId);
      // the channel's own record of its sender follows (the web chat visitor's next chat starts on the client)
      await this.channelMoves?.moved(m, { workspaceId: user.workspaceId, conversationId: conversation.id, channelId: conversation.channelId, fromContactId, toContactId: contactId });
      await this.audit.record(
        {
          workspaceId: user.workspaceId,
          actorId: user.operatorId,
          actorName: me?.displayName ?? null,
          action: ClientAuditAction.conversationLinked,
          targetType: 'contact',
          targetId: contactId,
          details: { conversationId: conversation.id, fromContactId, movedIdentities: moved },
        },
        m,
      );
    });
    const linked = { ...conversation, contactId } as ConversationEntity;
    await this.context.contactEdited(linked);
    for (const id of [fromContactId, contactId]) {
      await this.events.publish({ workspaceId: user.workspaceId, contactId: id, kind: ContactChangeKind.conversation_linked, conversationId: conversation.id, actorId: user.operatorId });
    }
    const again = await this.db.getRepository(ConversationEntity).findOne({ where: { id: conversation.id, workspaceId: user.workspaceId } });
    return again ?? linked;
  }
}
