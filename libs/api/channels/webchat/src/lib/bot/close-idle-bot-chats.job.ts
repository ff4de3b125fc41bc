import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '@parley/api/platform/config';
import { JobHandler, JobProcessor, QueueName } from '@parley/api/platform/queue';
import { BotRuntimeService } from './bot-runtime.service';

export const CLOSE_IDLE_BOT_CHATS_JOB = 'close-idle-bot-chats';
export const CLOSE_IDLE_BOT_CHATS_EVERY_MS = 5 * 60_000;
/** `now`: the sweep's clock (tests); `idleMinutes`: overrides BOT_IDLE_CLOSE_MINUTES. */
export type CloseIdleBotChatsJobData = { now?: string; idleMinutes?: number };

/**
 * SPEC C9/D2: a visitor who opened the window and left without answering leaves the chat in status
 * `bot`; after BOT_IDLE_CLOSE_MINUTES with no new message the sweep closes it (live). Every 5 minutes.
 */
@Injectable()
@JobProcessor({ queue: QueueName.maintenance, name: CLOSE_IDLE_BOT_CHATS_JOB })
export class CloseIdleBotChatsJob implements JobHandler<CloseIdleBotChatsJobData> {
  private readonly logger = new Logger(CloseIdleBotChatsJob.name);

  constructor(
    private readonly bot: BotRuntimeService,
    private readonly config: AppConfig,
  ) {}

  async handle(data: CloseIdleBotChatsJobData): Promise<void> {
    const now = data.now ? new Date(data.now) : new Date();
    const minutes = data.idleMinutes ?? this.config.botIdleCloseMinutes;
    const closed = await this.bot.closeIdle(new Date(now.getTime() - minutes * 60_000));
    if (closed) this.logger.log(`closed ${closed} idle bot chats`);
  }
}
