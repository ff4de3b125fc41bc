import { Injectable } from '@nestjs/common';
import { BotRuntimeService } from '../bot/bot-runtime.service';
import { notReady } from '../exceptions/webchat.exception';
import { VisitorLimits } from '../visitor-limits';
import { VisitorFrameHandler, VisitorFrameHandling } from './visitor-frame-handler.decorator';
import type { VisitorSocket } from './visitor-socket';

/** `bot_start` (SPEC C9/D2): the visitor opened the window (or chose "start again"): the channel's bot starts, if it is on. */
@Injectable()
@VisitorFrameHandler('bot_start')
export class BotStartFrameHandler implements VisitorFrameHandling {
  constructor(
    private readonly bot: BotRuntimeService,
    private readonly limits: VisitorLimits,
  ) {}

  async handle(socket: VisitorSocket, frame: Record<string, unknown>): Promise<void> {
    const state = socket.state;
    if (!state.visitorId || !state.workspaceId || !state.channelId) throw notReady();
    await this.limits.limitMessage(state.visitorId, state.ip);
    const ip = state.ip;
    // a bot conversation is a new conversation too: the same per-IP and per-channel limit as a first message (RATE_LIMITED error frame)
    const conversationId = await this.bot.start(state.visitorId, state.workspaceId, state.channelId, state.groupId ?? null, frame['restart'] === true, (channelId) =>
      this.limits.newConversation(ip, channelId),
    );
    if (conversationId && state.conversationId !== conversationId) await socket.follow(conversationId, 0);
  }
}
