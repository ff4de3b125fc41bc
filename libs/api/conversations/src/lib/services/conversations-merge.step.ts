import { Inject, Injectable, OnModuleInit, Optional } from '@nestjs/common';
import { ContactMerge, ContactMergeStep, ContactMergeSteps } from '@parley/api/contacts';
import { EntityManager } from 'typeorm';
import { CONVERSATION_CONTACT_MOVES, ConversationContactMoves } from './conversation-contact-moves.port';

/**
 * Issue #11 (E2): a merge of clients moves the merged client's conversations (deleted ones too:
 * the history stays the person's) to the survivor, with what their channels keep of the sender
 * (CONVERSATION_CONTACT_MOVES: the web chat's visitor), and the operators' notifications about the
 * client. Runs inside the merge's transaction.
 */
@Injectable()
export class ConversationsMergeStep implements ContactMergeStep, OnModuleInit {
  readonly name = 'conversations';

  constructor(
    private readonly steps: ContactMergeSteps,
    @Optional() @Inject(CONVERSATION_CONTACT_MOVES) private readonly channelMoves: ConversationContactMoves | null = null,
  ) {}

  onModuleInit(): void {
    this.steps.register(this);
  }

  async merge(m: EntityManager, { workspaceId, survivorId, mergedId }: ContactMerge): Promise<Record<string, number>> {
    const [rows] = (await m.query(
      `UPDATE conversations SET contact_id = $2, updated_at = now() WHERE workspace_id = $1 AND contact_id = $3 RETURNING id, channel_id`,
      [workspaceId, survivorId, mergedId],
    )) as [Array<{ id: string; channel_id: string }>, number];
    for (const c of rows) {
      await this.channelMoves?.moved(m, { workspaceId, conversationId: c.id, channelId: c.channel_id, fromContactId: mergedId, toContactId: survivorId });
    }
    const [, notifications] = (await m.query(`UPDATE operator_notifications SET contact_id = $2 WHERE workspace_id = $1 AND contact_id = $3`, [workspaceId, survivorId, mergedId])) as [unknown, number];
    return { conversations: rows.length, notifications: Number(notifications ?? 0) };
  }
}
