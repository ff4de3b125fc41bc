import { Injectable } from '@nestjs/common';
import { JobHandler, JobProcessor, QueueName } from '@parley/api/platform/queue';
import { NOTIFY_TASK_DUE_JOB, NotifyTaskDueJobData, SWEEP_DUE_TASKS_JOB, TasksService } from './tasks.service';

/** E4: the delayed job at a task's due time — notifies its assignee (exactly once: TasksService.notifyDue). */
@Injectable()
@JobProcessor({ queue: QueueName.notifications, name: NOTIFY_TASK_DUE_JOB })
export class NotifyTaskDueJob implements JobHandler<NotifyTaskDueJobData> {
  constructor(private readonly tasks: TasksService) {}

  async handle(data: NotifyTaskDueJobData): Promise<void> {
    await this.tasks.notifyDue(data.taskId);
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
