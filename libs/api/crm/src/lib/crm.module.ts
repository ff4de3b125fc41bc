import { randomUUID } from 'node:crypto';
import { DynamicModule, ForwardReference, Module, OnApplicationBootstrap, Type } from '@nestjs/common';
import { ContactsModule } from '@parley/api/contacts';
import { IdentityModule } from '@parley/api/identity';
import { AppConfig } from '@parley/api/platform/config';
import { QueueName, QueueService } from '@parley/api/platform/queue';
import { CrmMergeStep } from './crm-merge.step';
import { ClientNotesResolver } from './notes/client-notes.resolver';
import { ClientNotesService } from './notes/client-notes.service';
import { SidePanelResolver } from './panel/side-panel.resolver';
import { AiSettingsService } from './summary/ai-settings.service';
import { CLIENT_HISTORY, ClientHistory } from './summary/client-history.port';
import { AiSettingsResolver, ClientSummaryResolver } from './summary/client-summary.resolver';
import { ClientSummaryService } from './summary/client-summary.service';
import { SummarizeClientJob } from './summary/summarize-client.job';
import { SidePanelService } from './panel/side-panel.service';
import { NotifyTaskDueJob, SweepDueTasksJob } from './tasks/notify-task-due.job';
import { TASK_DUE_NOTIFIER, TaskDueNotifier } from './tasks/task-due-notifier.port';
import { SWEEP_DUE_TASKS_EVERY_MS, SWEEP_DUE_TASKS_JOB, TasksService } from './tasks/tasks.service';
import { TasksResolver } from './tasks/tasks.resolver';

export interface CrmModuleOptions {
  /** Modules of which one exports `taskDueNotifier` (the conversations domain's AgentToolsModule). */
  imports: Array<Type<unknown> | DynamicModule | ForwardReference>;
  /** The provider that stores and publishes operators' notifications (TASK_DUE_NOTIFIER). */
  taskDueNotifier: Type<TaskDueNotifier>;
  /** The provider of a client's messages on every channel for the AI summary (CLIENT_HISTORY). */
  clientHistory: Type<ClientHistory>;
}

/**
 * The CRM domain: what operators keep about a client beyond the conversations — notes on the
 * client (`notes/`, E6), tasks (`tasks/`, E4), the side panel's layout (`panel/`, E0) and the AI
 * conversation summary with its settings (`summary/`, E7, reading messages through CLIENT_HISTORY). It depends on contacts (the client) and
 * identity (the operator a task is for); never on conversations or channels: the "task due"
 * notification goes through its TASK_DUE_NOTIFIER port, which the app wires with
 * `CrmModule.register({ imports: [AgentToolsModule], taskDueNotifier: NotificationsService })`.
 *
 * Private notes inside a conversation's thread are not CRM: they belong to their conversation
 * (placed after a message seq, moved by a merge, published on the conversation's notes topic)
 * and stay in the conversations domain (NotesService).
 */
@Module({})
export class CrmModule implements OnApplicationBootstrap {
  constructor(
    private readonly queue: QueueService,
    private readonly config: AppConfig,
  ) {}

  static register(options: CrmModuleOptions): DynamicModule {
    return {
      module: CrmModule,
      imports: [ContactsModule, IdentityModule, ...options.imports],
      providers: [
        ClientNotesService,
        ClientNotesResolver,
        TasksService,
        TasksResolver,
        NotifyTaskDueJob,
        SweepDueTasksJob,
        SidePanelService,
        SidePanelResolver,
        CrmMergeStep,
        AiSettingsService,
        ClientSummaryService,
        ClientSummaryResolver,
        AiSettingsResolver,
        SummarizeClientJob,
        { provide: TASK_DUE_NOTIFIER, useExisting: options.taskDueNotifier },
        { provide: CLIENT_HISTORY, useExisting: options.clientHistory },
      ],
      exports: [ClientNotesService, TasksService, ClientSummaryService, AiSettingsService],
    };
  }

  /** The due sweep now (tasks that fell due while no API ran) and every minute. */
  onApplicationBootstrap(): void {
    if (this.config.mode !== 'api') return;
    // at start with an id of its own: the minute's scheduled sweep may already be done (another process ran it)
    this.queue.add(QueueName.maintenance, SWEEP_DUE_TASKS_JOB, {}, { jobId: `${SWEEP_DUE_TASKS_JOB}-start-${randomUUID()}` }).catch(() => undefined);
    this.queue.schedule(QueueName.maintenance, SWEEP_DUE_TASKS_JOB, SWEEP_DUE_TASKS_EVERY_MS);
  }
}
