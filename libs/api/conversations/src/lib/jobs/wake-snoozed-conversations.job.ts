import { Injectable, Logger } from '@nestjs/common';
import { JobHandler, JobProcessor, QueueName } from '@parley/api/platform/queue';
import { InboxActionsService, WAKE_SNOOZED_CONVERSATIONS_JOB, WakeSnoozedConversationsJobData } from '../services/inbox-actions.service';

export { WAKE_SNOOZED_CONVERSATIONS_JOB };
export type { WakeSnoozedConversationsJobData };

/** Brings snoozed conversations whose time has come back into the views (live). Enqueued with a delay by snooze, and as a sweep every minute. */
@Injectable()
@JobProcessor({ queue: QueueName.maintenance, name: WAKE_SNOOZED_CONVERSATIONS_JOB })
export class WakeSnoozedConversationsJob implements JobHandler<WakeSnoozedConversationsJobData> {
  private readonly logger = new Logger(WakeSnoozedConversationsJob.name);

  constructor(private readonly actions: InboxActionsService) {}

  async handle(data: WakeSnoozedConversationsJobData): Promise<void> {
    // `now` is the snooze's end (a delayed job): never earlier than the clock, never missing it
    const due = data.now ? Math.max(Date.parse(data.now) || 0, Date.now()) : Date.now();
    const woken = await this.actions.wakeDue(new Date(due));
    if (woken) this.logger.log(`woke ${woken} snoozed conversations`);
  }
}
