import { Injectable } from '@nestjs/common';
import { ConversationLiveService } from '@parley/api/conversations';
import { badFrame, notReady } from '../exceptions/webchat.exception';
import { VisitorFrameHandler, VisitorFrameHandling } from './visitor-frame-handler.decorator';
import type { VisitorSocket } from './visitor-socket';

/** `typing`: ephemeral, relayed through the bus, never stored. Before the first message there is no one to tell. */
@Injectable()
@VisitorFrameHandler('typing')
export class TypingFrameHandler implements VisitorFrameHandling {
  constructor(private readonly live: ConversationLiveService) {}

  async handle(socket: VisitorSocket, frame: Record<string, unknown>): Promise<void> {
    const state = socket.state;
    if (typeof frame['active'] !== 'boolean') throw badFrame('typing needs active: boolean');
    if (frame['draft'] !== undefined && typeof frame['draft'] !== 'string') throw badFrame('draft must be text');
    if (!state.visitorId || !state.workspaceId) throw notReady();
    if (!state.conversationId) return;
    const active = frame['active'];
    if (active && !state.typingBucket.take()) return; // too many: drop silently, the next one carries the newer draft
    if (!active && !state.typing) return; // nothing to stop: no work for repeated stops
    state.typing = active;
    await this.live.visitorTyping(state.workspaceId, state.conversationId, active, frame['draft']);
  }
}
