import { Injectable } from '@nestjs/common';
import { JobHandler, JobProcessor, QueueName } from '@parley/api/platform/queue';
import { NOTIFY_TASK_DUE_JOB, NotifyTaskDueJobData, SWEEP_DUE_TASKS_JOB, TasksService } from './tasks.service';

/** E4: the delayed job at a task's due time — notifies its assignee (exactly once: TasksService.notifyDue). */
@Injectable()
@JobProcessor({ queue: QueueName.notifications, name: NOTIFY_TASK_DUE_JOB })
export class NotifyTaskDueJob implements JobHandler<NotifyTaskDueJobData> {
  constructor(private readonly tasks: TasksService) {}

  async handle(data: NotifyTaskDueJobData): Promise<void> {
    // A delayed job can fire a millisecond before its due time (timer rounding, Redis vs Node clocks):
    // it is the job for that due time, so it counts as due then. A task moved later keeps a later
    // due_at and is left to its own job.
    const at = typeof data.dueAt === 'number' && Number.isFinite(data.dueAt) ? Math.max(Date.now(), data.dueAt) : Date.now();
    await this.tasks.notifyDue(data.taskId, new Date(at));
  }
}

/** E4: every minute, and at start: due tasks whose delayed job was lost (a restart, a Redis without its data). */
@Injectable()
@JobProcessor({ queue: QueueName.maintenance, name: SWEEP_DUE_TASKS_JOB })
export class SweepDueTasksJob implements JobHandler<Record<string, never>> {
  constructor(private readonly tasks: TasksService) {}

  async handle(): Promise<void> {
    await this.tasks.notifyAllDue();
  }
}
