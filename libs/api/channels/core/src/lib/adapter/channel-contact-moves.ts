import { Injectable } from '@nestjs/common';
import { ConversationContactMove, ConversationContactMoves } from '@parley/api/conversations';
import { EntityManager } from 'typeorm';
import { ChannelsService } from '../channels.service';
import { ChannelRegistry } from './channel-registry';

/** CONVERSATION_CONTACT_MOVES for the conversations domain: the moved conversation's channel adapter updates what it keeps of the sender. */
@Injectable()
export class ChannelContactMoves implements ConversationContactMoves {
  constructor(
    private readonly channels: ChannelsService,
    private readonly registry: ChannelRegistry,
  ) {}

  async moved(m: EntityManager, move: ConversationContactMove): Promise<void> {
    const channel = await this.channels.findById(move.workspaceId, move.channelId, m);
    if (!channel || !this.registry.has(channel.type)) return;
    await this.registry.get(channel.type).conversationContactMoved?.(m, move);
  }
}
