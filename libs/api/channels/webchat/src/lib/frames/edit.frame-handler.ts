import { Injectable } from '@nestjs/common';
import { ConversationLiveService } from '@parley/api/conversations';
import { errorKind, toErrorFrame } from '@parley/api/platform/graphql';
import { ErrorCode, MessageAuthorType } from '@parley/shared/contracts';
import { badFrame, notReady, WebchatException } from '../exceptions/webchat.exception';
import { VisitorLimits } from '../visitor-limits';
import { VisitorFrameHandler, VisitorFrameHandling } from './visitor-frame-handler.decorator';
import type { VisitorSocket } from './visitor-socket';

/** `edit` (SPEC A10): the visitor corrects their last message; a refusal is an `error` with the messageId. */
@Injectable()
@VisitorFrameHandler('edit')
export class EditFrameHandler implements VisitorFrameHandling {
  constructor(
    private readonly live: ConversationLiveService,
    private readonly limits: VisitorLimits,
  ) {}

  async handle(socket: VisitorSocket, frame: Record<string, unknown>): Promise<void> {
    const state = socket.state;
    const messageId = frame['messageId'];
    if (typeof messageId !== 'string' || messageId.length === 0 || messageId.length > 64) throw badFrame('edit needs a messageId');
    try {
      if (!state.visitorId || !state.workspaceId) throw notReady();
      if (!state.conversationId) throw new WebchatException(ErrorCode.NotFound, 'Message not found');
      await this.limits.limitMessage(state.visitorId, state.ip);
      // the answer is the message_edited frame every tab of the visitor receives through the bus
      await this.live.editMessage({
        workspaceId: state.workspaceId,
        conversationId: state.conversationId,
        messageId,
        authorType: MessageAuthorType.visitor,
        authorId: state.visitorId,
        body: frame['body'],
      });
    } catch (e) {
      // an outage or a crash is the gateway's to answer
      if (errorKind(e) !== 'coded') throw e;
      socket.send(toErrorFrame(e, { messageId }));
    }
  }
}
