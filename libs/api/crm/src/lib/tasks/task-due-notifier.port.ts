import { EntityManager } from 'typeorm';

/** What the assignee is told when a task is due. */
export interface TaskDueNotice {
  workspaceId: string;
  /** The assignee. */
  operatorId: string;
  taskId: string;
  contactId: string | null;
  title: string;
  authorId: string | null;
  authorName: string | null;
}

/**
 * Port of the CRM domain for the "task due" notification (E4): the operators' in-app notification
 * list, which the conversations domain keeps (its NotificationsService, which also reaches the
 * browser notification through `notificationAdded`). The app wires it:
 * `CrmModule.register({ imports: [AgentToolsModule], taskDueNotifier: NotificationsService })`.
 */
export interface TaskDueNotifier {
  /** Stores the notification inside `m`'s transaction; returns what publishes it once that commits. */
  taskDue(m: EntityManager, notice: TaskDueNotice): Promise<() => Promise<void>>;
}

export const TASK_DUE_NOTIFIER = Symbol('TASK_DUE_NOTIFIER');
