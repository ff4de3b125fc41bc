import { Injectable, Logger } from '@nestjs/common';
import { errorFrameOf, toErrorFrame, toSocketError } from '@parley/api/platform/graphql';
import { ConversationStatus, MAX_CLIENT_ID_LENGTH } from '@parley/shared/contracts';
import { BotRuntimeService } from '../bot/bot-runtime.service';
import { badFrame, notReady } from '../exceptions/webchat.exception';
import { VisitorLimits } from '../visitor-limits';
import { WebchatService } from '../webchat.service';
import { VisitorFrameHandler, VisitorFrameHandling } from './visitor-frame-handler.decorator';
import { expectOwnEcho, firstSend, VisitorSocket } from './visitor-socket';

/** The text of the UNAVAILABLE answer to a `send` (the widget sends it again with the same clientId). */
export const SEND_RETRY_MESSAGE = 'The message could not be sent yet. Retrying…';

/**
 * `send`: a visitor's message, answered `ack` (or an `error` with its clientId). The first message
 * starts the conversation and the next frames wait for it; later ones are written in order
 * while the next frames go on.
 */
@Injectable()
@VisitorFrameHandler('send')
export class SendFrameHandler implements VisitorFrameHandling {
  private readonly logger = new Logger('VisitorGateway');

  constructor(
    private readonly webchat: WebchatService,
    private readonly limits: VisitorLimits,
    private readonly bot: BotRuntimeService,
  ) {}

  async handle(socket: VisitorSocket, frame: Record<string, unknown>): Promise<void> {
    const state = socket.state;
    const clientId = frame['clientId'];
    if (typeof clientId !== 'string' || clientId.length === 0 || clientId.length > MAX_CLIENT_ID_LENGTH) {
      throw badFrame(`clientId must be a string of 1 to ${MAX_CLIENT_ID_LENGTH} characters`);
    }
    if (!state.visitorId || !state.workspaceId) {
      socket.send(toErrorFrame(notReady(), { clientId }));
      return;
    }
    // the message is queued for writing before this returns, in frame order
    const workspaceId = state.workspaceId;
    expectOwnEcho(state, clientId);
    const ip = state.ip;
    const sending = this.webchat.send(state.visitorId, workspaceId, clientId, frame['body'] as string, state.conversationId, state.groupId ?? null, frame['attachmentIds'], (channelId) =>
      this.limits.newConversation(ip, channelId),
    );
    const answer = sending
      .then(async (r) => {
        if (state.conversationId !== r.message.conversationId) {
          // a conversation another tab started (issue #16) may hold messages before this one: replay all of it
          await socket.follow(r.message.conversationId, r.started ? r.message.seq : 0);
        }
        firstSend(state.seen, r.message.seq); // the ack carries it
        // after following, so this socket also hears who joined (SPEC B4 auto-assignment)
        if (r.started) await this.webchat.assignNew(workspaceId, r.message.conversationId);
        // SPEC D2: a typed message while the bot waits hands the chat over to the queue
        else if (r.conversation.status === ConversationStatus.bot) await this.bot.handOver(workspaceId, r.message.conversationId);
        socket.send({ type: 'ack', clientId, message: socket.toVisitorMessage(r.message) });
      })
      .catch((e) => {
        state.ownEchoes?.delete(clientId);
        // the database or Redis failed (an outage): the widget sends it again with the same
        // clientId, which is stored once (a message written before the failure is acked then)
        const failure = toSocketError(e, { unavailableMessage: SEND_RETRY_MESSAGE, unknownIsUnavailable: true });
        if (failure.kind !== 'coded') this.logger.warn(`send failed, answered retriable: ${(e as Error)?.message ?? e}`);
        socket.send(errorFrameOf(failure, { clientId }));
      });
    if (!state.conversationId) return answer; // the first message starts the conversation: the next frames wait for it
    // The conversation is known: the next frame need not wait for this one to be written (the
    // writer keeps a conversation's messages in order, and acks follow that order). The message
    // still counts against the pending-frames bound until it is answered.
    socket.detach(answer);
  }
}
