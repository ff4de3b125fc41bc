import { Injectable } from '@nestjs/common';
import { ConversationLiveService } from '@parley/api/conversations';
import { ErrorCode } from '@parley/shared/contracts';
import { badFrame, notReady, WebchatException } from '../exceptions/webchat.exception';
import { VisitorFrameHandler, VisitorFrameHandling } from './visitor-frame-handler.decorator';
import type { VisitorSocket } from './visitor-socket';

/** `read`: the visitor has seen the messages up to `seq` (operators see the read mark). */
@Injectable()
@VisitorFrameHandler('read')
export class ReadFrameHandler implements VisitorFrameHandling {
  constructor(private readonly live: ConversationLiveService) {}

  async handle(socket: VisitorSocket, frame: Record<string, unknown>): Promise<void> {
    const state = socket.state;
    const seq = frame['seq'];
    if (typeof seq !== 'number' || !Number.isInteger(seq) || seq < 0) throw badFrame('read needs seq: a whole number ≥ 0');
    if (!state.visitorId || !state.workspaceId) throw notReady();
    if (!state.conversationId) {
      if (seq === 0) return;
      throw new WebchatException(ErrorCode.BadUserInput, 'There are no messages to read yet');
    }
    if (!state.readBucket.take()) throw new WebchatException(ErrorCode.RateLimited, 'Too many read reports');
    await this.live.markReadByVisitor(state.workspaceId, state.conversationId, seq);
  }
}
