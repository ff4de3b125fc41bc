import { Injectable } from '@nestjs/common';
import { errorKind, toErrorFrame } from '@parley/api/platform/graphql';
import { BotRuntimeService } from '../bot/bot-runtime.service';
import { notReady } from '../exceptions/webchat.exception';
import { VisitorFrameHandler, VisitorFrameHandling } from './visitor-frame-handler.decorator';
import { clientIdOf, VisitorSocket } from './visitor-socket';

/**
 * `bot_answer` (SPEC D2): an answer button; it must be one of the current step's (else
 * BOT_STALE_ANSWER / BOT_NOT_ACTIVE), unless it repeats one applied (same clientId).
 */
@Injectable()
@VisitorFrameHandler('bot_answer')
export class BotAnswerFrameHandler implements VisitorFrameHandling {
  constructor(private readonly bot: BotRuntimeService) {}

  async handle(socket: VisitorSocket, frame: Record<string, unknown>): Promise<void> {
    const state = socket.state;
    const clientId = clientIdOf(frame);
    try {
      if (!state.visitorId || !state.workspaceId) throw notReady();
      if ((await this.bot.answer(state.visitorId, state.workspaceId, state.conversationId, frame)) === 'repeated' && state.conversationId) {
        // the answer was applied before (a resend after a reconnect): the widget gets where the chat is now
        const bot = await this.bot.stateOf(state.workspaceId, state.conversationId, state.channelId as string);
        socket.sendBot(bot ?? { conversationId: state.conversationId, stepId: null, buttons: [], canRestart: false }, true);
      }
    } catch (e) {
      // an outage or a crash is the gateway's to answer
      if (errorKind(e) !== 'coded') throw e;
      socket.send(toErrorFrame(e, { frame: 'bot_answer', ...(clientId ? { clientId } : {}) }));
    }
  }
}
