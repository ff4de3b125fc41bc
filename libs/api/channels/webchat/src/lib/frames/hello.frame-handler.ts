import { Injectable } from '@nestjs/common';
import { errorFrameOf, toSocketError } from '@parley/api/platform/graphql';
import { ErrorCode } from '@parley/shared/contracts';
import { badFrame } from '../exceptions/webchat.exception';
import { VisitorFeaturesService } from '../visitor-features.service';
import { VisitorLimits } from '../visitor-limits';
import { VisitorSession, WebchatService } from '../webchat.service';
import { VisitorFrameHandler, VisitorFrameHandling } from './visitor-frame-handler.decorator';
import { VISITOR_CLOSE_NO_CHANNEL, VisitorSocket } from './visitor-socket';

/**
 * `hello`: the widget names its channel and (returning) its visitor token; the socket becomes the
 * visitor's, gets `welcome`, the visitor's info and what it missed of its conversation since
 * `lastSeq`. An unknown or inactive channel is answered and the socket closed (4404).
 */
@Injectable()
@VisitorFrameHandler('hello')
export class HelloFrameHandler implements VisitorFrameHandling {
  constructor(
    private readonly webchat: WebchatService,
    private readonly limits: VisitorLimits,
    private readonly features: VisitorFeaturesService,
  ) {}

  async handle(socket: VisitorSocket, frame: Record<string, unknown>): Promise<void> {
    const state = socket.state;
    if (state.visitorId || state.helloPending) throw badFrame('hello was already sent');
    state.helloPending = true;
    const page = frame['page'] as { url?: unknown } | undefined;
    const pageUrl = typeof page?.url === 'string' ? page.url.slice(0, 2000) : null;
    let session: VisitorSession;
    try {
      session = await this.webchat.hello(frame['channelKey'], frame['visitorToken'], pageUrl, frame['group'], () => this.limits.newVisitor(state.ip));
    } catch (e) {
      state.helloPending = false;
      const answer = toSocketError(e);
      if (answer.code === ErrorCode.UnknownChannel || answer.code === ErrorCode.ChannelInactive) {
        socket.send(errorFrameOf(answer));
        socket.close(VISITOR_CLOSE_NO_CHANNEL, answer.code);
        return;
      }
      throw e;
    }
    const available = await socket.begin(session);
    const conversation = session.conversation;
    socket.send({
      type: 'welcome',
      visitorToken: session.token,
      conversationId: conversation?.id ?? null,
      lastSeq: conversation?.lastSeq ?? 0,
      settings: session.settings,
      operatorReadSeq: conversation?.operatorReadSeq ?? 0,
      available,
    });
    // country (display rules) and the pre-chat fields still unknown (SPEC C3, C4)
    socket.send(await this.features.visitorInfo({ visitorId: session.visitor.id, workspaceId: session.channel.workspaceId, channelId: session.channel.id }, state.conn));
    if (conversation) {
      const lastSeq = typeof frame['lastSeq'] === 'number' && Number.isInteger(frame['lastSeq']) && frame['lastSeq'] >= 0 ? frame['lastSeq'] : 0;
      await socket.follow(conversation.id, lastSeq, conversation);
    }
  }
}
