import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ClientEventsService, ClientsService, ContactChangeKind } from '@parley/api/contacts';
import { IdentityService, OperatorAccessService, OperatorEntity } from '@parley/api/identity';
import { AuthUser } from '@parley/api/platform/auth';
import { badInput, decodeCursor, encodeCursor, forbidden, isUuid, notFound } from '@parley/api/platform/graphql';
import { QueueName, QueueService } from '@parley/api/platform/queue';
import { Permission, ROLES_THAT_REPLY, TASK_DESCRIPTION_MAX_LENGTH, TASK_TITLE_MAX_LENGTH } from '@parley/shared/contracts';
import { DataSource, EntityManager } from 'typeorm';
import { TASK_DUE_NOTIFIER, TaskDueNotifier } from './task-due-notifier.port';
import { TaskConnectionObject, TaskObject } from './task.object';

export const TASKS_PAGE_MAX = 100;
/** The delayed job that tells the assignee a task is due (QueueName.notifications). */
export const NOTIFY_TASK_DUE_JOB = 'notify-task-due';
export interface NotifyTaskDueJobData {
  taskId: string;
  /** The due time the job was scheduled for (ms): a timer that fires a moment early still counts as due. */
  dueAt?: number;
}
/** The sweep (QueueName.maintenance) that notifies due tasks whose delayed job was lost (a restart, a Redis without its data). */
export const SWEEP_DUE_TASKS_JOB = 'sweep-due-tasks';
export const SWEEP_DUE_TASKS_EVERY_MS = 60_000;
/** Due tasks one sweep handles; the next sweep takes the rest. */
const SWEEP_BATCH = 500;
/** A due time this far in the past is still accepted (the form was open a moment). */
const PAST_GRACE_MS = 60_000;

export interface TaskListFilter {
  contactId?: string | null;
  /** E4 "Mine": tasks whose assignee is the caller (the seed's "author is the assignee" for the author's own view is the same set). */
  mine?: boolean | null;
  includeCompleted?: boolean | null;
  first?: number | null;
  after?: string | null;
}

export interface TaskChange {
  contactId?: string | null;
  orderNumber?: string | null;
  title?: string | null;
  description?: string | null;
  dueAt?: Date | null;
  assigneeId?: string | null;
}

const toTask = (r: Record<string, unknown>): TaskObject => ({
  id: r['id'] as string,
  contactId: (r['contact_id'] as string | null) ?? null,
  orderNumber: (r['order_number'] as string | null) ?? null,
  title: r['title'] as string,
  description: (r['description'] as string | null) ?? null,
  dueAt: new Date(r['due_at'] as string),
  assigneeId: r['assignee_id'] as string,
  authorId: (r['author_id'] as string | null) ?? null,
  authorName: (r['author_name'] as string | null) ?? null,
  completed: !!r['completed_at'],
  completedAt: r['completed_at'] ? new Date(r['completed_at'] as string) : null,
  notifiedAt: r['notified_at'] ? new Date(r['notified_at'] as string) : null,
  createdAt: new Date(r['created_at'] as string),
  updatedAt: new Date(r['updated_at'] as string),
});

const REQUIRED = new Set<keyof TaskChange>(['title', 'dueAt', 'assigneeId']);

const fail = (field: string, message: string) => badInput(message, { field, fieldErrors: [{ field, message }] });

/**
 * Issue #11 (E4): tasks on a client. Only operators holding "See tasks" reach this (the resolver's
 * guard); observers among them read and change nothing. A task's due time is in its row: a delayed
 * job at that time, and a sweep every minute (also at start) for jobs that were lost, both go
 * through `notifyDue`, whose conditional update makes the notification happen exactly once per
 * due time. Every change is live on the client's topic (task_changed).
 */
@Injectable()
export class TasksService {
  private readonly logger = new Logger(TasksService.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clients: ClientsService,
    private readonly access: OperatorAccessService,
    private readonly identity: IdentityService,
    private readonly events: ClientEventsService,
    private readonly queue: QueueService,
    @Inject(TASK_DUE_NOTIFIER) private readonly notifier: TaskDueNotifier,
  ) {}

  /** Soonest due first, keyset over (due_at, id) on the index of the filter (client, assignee or workspace). */
  async list(user: AuthUser, f: TaskListFilter): Promise<TaskConnectionObject> {
    const first = f.first ?? 20;
    if (!Number.isInteger(first) || first < 1 || first > TASKS_PAGE_MAX) throw fail('first', `first must be between 1 and ${TASKS_PAGE_MAX}`);
    const params: unknown[] = [user.workspaceId];
    const p = (v: unknown) => `$${params.push(v)}`;
    const where = ['workspace_id = $1'];
    if (f.contactId) {
      await this.clients.get(user.workspaceId, f.contactId);
      where.push(`contact_id = ${p(f.contactId)}::uuid`);
    }
    if (f.mine) where.push(`assignee_id = ${p(user.operatorId)}::uuid`);
    if (!f.includeCompleted) where.push('completed_at IS NULL');
    if (f.after) {
      const cur = decodeCursor(f.after);
      where.push(`(due_at, id) > (${p(cur.at.toISOString())}::timestamptz, ${p(cur.id)}::uuid)`);
    }
    const rows: Record<string, unknown>[] = await this.db.query(`SELECT * FROM crm_tasks WHERE ${where.join(' AND ')} ORDER BY due_at, id LIMIT ${p(first + 1)}`, params);
    const nodes = rows.slice(0, first).map(toTask);
    const last = nodes[nodes.length - 1];
    return { nodes, pageInfo: { hasNextPage: rows.length > first, endCursor: last ? encodeCursor({ at: last.dueAt, id: last.id }) : null } };
  }

  /** Active operators who hold "See tasks" (the only valid assignees), by name. */
  async assignees(user: AuthUser): Promise<OperatorEntity[]> {
    const active = (await this.identity.listOperators(user.workspaceId)).filter((op) => op.active);
    if (!active.length) return [];
    const rights = await this.access.permissionsOf(user.workspaceId, active.map((op) => ({ id: op.id, role: op.role })));
    return active.filter((op) => rights.get(op.id)?.has(Permission.see_tasks));
  }

  async get(user: AuthUser, id: string): Promise<TaskObject> {
    return toTask(await this.row(this.db.manager, user.workspaceId, id));
  }

  async create(user: AuthUser, input: TaskChange & { title: string; dueAt: Date; assigneeId: string }): Promise<TaskObject> {
    this.mayChange(user);
    const v = await this.checked(user, input, null);
    const [me] = await this.identity.findOperatorsByIds(user.workspaceId, [user.operatorId]);
    const [row] = await this.db.query(
      `INSERT INTO crm_tasks (workspace_id, contact_id, title, description, due_at, assignee_id, author_id, author_name)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING *`,
      [user.workspaceId, v.contactId, v.title, v.description, v.dueAt.toISOString(), v.assigneeId, user.operatorId, me?.displayName ?? null],
    );
    const task = toTask(row);
    await this.scheduleDue(task);
    await this.announce(user, task);
    return task;
  }

  async update(user: AuthUser, id: string, change: TaskChange): Promise<TaskObject> {
    this.mayChange(user);
    const current = toTask(await this.row(this.db.manager, user.workspaceId, id));
    const v = await this.checked(user, change, current);
    const dueChanged = v.dueAt.getTime() !== current.dueAt.getTime();
    const [rows] = await this.db.query(
      `UPDATE crm_tasks SET contact_id = $3, title = $4, description = $5, due_at = $6, assignee_id = $7,
              notified_at = CASE WHEN $8::boolean THEN NULL ELSE notified_at END, updated_at = now()
        WHERE id = $1 AND workspace_id = $2 RETURNING *`,
      [id, user.workspaceId, v.contactId, v.title, v.description, v.dueAt.toISOString(), v.assigneeId, dueChanged],
    );
    const task = toTask((rows as Record<string, unknown>[])[0]);
    if (dueChanged) await this.scheduleDue(task);
    await this.announce(user, task, current.contactId);
    return task;
  }

  /** Ticks (or unticks) the task. Reopened and not yet announced: its due notification is scheduled again. */
  async setCompleted(user: AuthUser, id: string, completed: boolean): Promise<TaskObject> {
    this.mayChange(user);
    if (typeof completed !== 'boolean') throw fail('completed', 'completed must be true or false');
    await this.row(this.db.manager, user.workspaceId, id);
    const [rows] = await this.db.query(
      `UPDATE crm_tasks SET completed_at = CASE WHEN $3::boolean THEN COALESCE(completed_at, now()) ELSE NULL END, updated_at = now()
        WHERE id = $1 AND workspace_id = $2 RETURNING *`,
      [id, user.workspaceId, completed],
    );
    const task = toTask((rows as Record<string, unknown>[])[0]);
    if (!completed) await this.scheduleDue(task);
    await this.announce(user, task);
    return task;
  }

  /**
   * Tells the assignee the task is due — exactly once per due time: only the one caller whose
   * update flips `notified_at` writes the notification, in the same transaction (a retried job,
   * the sweep and a second API process all meet this one row). Returns whether it notified.
   */
  async notifyDue(taskId: string, now = new Date()): Promise<boolean> {
    if (!isUuid(taskId)) return false;
    const notified = await this.db.transaction(async (m) => {
      const [rows] = await m.query(
        `UPDATE crm_tasks SET notified_at = now()
          WHERE id = $1 AND notified_at IS NULL AND completed_at IS NULL AND due_at <= $2
          RETURNING *`,
        [taskId, now.toISOString()],
      );
      const row = (rows as Record<string, unknown>[])[0];
      if (!row) return null;
      const task = toTask(row);
      const workspaceId = row['workspace_id'] as string;
      const publish = await this.notifier.taskDue(m, {
        workspaceId,
        operatorId: task.assigneeId,
        taskId: task.id,
        contactId: task.contactId,
        title: task.title,
        authorId: task.authorId,
        authorName: task.authorName,
      });
      return { task, workspaceId, publish };
    });
    if (!notified) return false;
    await notified.publish();
    const { task, workspaceId } = notified;
    if (task.contactId) await this.events.publish({ workspaceId, contactId: task.contactId, kind: ContactChangeKind.task_changed, taskId: task.id, actorId: null });
    return true;
  }

  /** Every due task not yet announced (the sweep): at most SWEEP_BATCH per run, oldest due first. */
  async notifyAllDue(now = new Date()): Promise<number> {
    const due: Array<{ id: string }> = await this.db.query(
      `SELECT id FROM crm_tasks WHERE notified_at IS NULL AND completed_at IS NULL AND due_at <= $1 ORDER BY due_at LIMIT ${SWEEP_BATCH}`,
      [now.toISOString()],
    );
    let n = 0;
    for (const { id } of due) if (await this.notifyDue(id, now)) n++;
    if (n) this.logger.log(`notified ${n} due tasks`);
    return n;
  }

  /** The delayed job at the due time (one per task and due time; the sweep covers a lost one). */
  private async scheduleDue(task: TaskObject): Promise<void> {
    if (task.completed || task.notifiedAt) return;
    const delayMs = Math.max(0, task.dueAt.getTime() - Date.now());
    try {
      await this.queue.add<NotifyTaskDueJobData>(QueueName.notifications, NOTIFY_TASK_DUE_JOB, { taskId: task.id, dueAt: task.dueAt.getTime() }, { jobId: `task-due-${task.id}-${task.dueAt.getTime()}`, delayMs, attempts: 5 });
    } catch (e) {
      // the row has the due time: the next sweep notifies it
      this.logger.warn(`could not schedule the due notification of task ${task.id}: ${(e as Error).message}`);
    }
  }

  private mayChange(user: AuthUser): void {
    if (!ROLES_THAT_REPLY.includes(user.role)) throw forbidden('Observers can read tasks but not change them');
  }

  private async row(m: EntityManager, workspaceId: string, id: string): Promise<Record<string, unknown>> {
    if (!isUuid(id)) throw notFound('Task');
    const [row] = await m.query(`SELECT * FROM crm_tasks WHERE id = $1 AND workspace_id = $2`, [id, workspaceId]);
    if (!row) throw notFound('Task');
    return row;
  }

  /** The task's values after `change` (omitted ones from `current`), validated with the field named. */
  private async checked(user: AuthUser, change: TaskChange, current: TaskObject | null): Promise<{ contactId: string; title: string; description: string | null; dueAt: Date; assigneeId: string }> {
    // omitted: unchanged; null keeps a required value of an existing task and clears an optional one
    const has = (k: keyof TaskChange) => change[k] !== undefined && !(change[k] === null && current && REQUIRED.has(k));
    if (change.orderNumber !== undefined && change.orderNumber !== null && String(change.orderNumber).trim() !== '') {
      throw fail('orderNumber', 'Tasks on orders come with orders; link this task to a client for now');
    }
    const contactId = has('contactId') ? change.contactId : current?.contactId;
    if (!contactId) throw fail('contactId', 'Link the task to a client');
    if (typeof contactId !== 'string' || !isUuid(contactId)) throw fail('contactId', 'No such client');
    try {
      await this.clients.get(user.workspaceId, contactId);
    } catch {
      throw fail('contactId', 'No such client');
    }
    const rawTitle = has('title') ? change.title : current?.title;
    if (typeof rawTitle !== 'string' || !rawTitle.trim()) throw fail('title', 'A task needs a title');
    const title = rawTitle.replace(/\s+/g, ' ').trim();
    if (title.length > TASK_TITLE_MAX_LENGTH) throw fail('title', `A title is at most ${TASK_TITLE_MAX_LENGTH} characters`);
    const rawDescription = has('description') ? change.description : current?.description;
    if (rawDescription !== null && rawDescription !== undefined && typeof rawDescription !== 'string') throw fail('description', 'The description must be text');
    const description = rawDescription?.trim() || null;
    if (description && description.length > TASK_DESCRIPTION_MAX_LENGTH) throw fail('description', `A description is at most ${TASK_DESCRIPTION_MAX_LENGTH} characters`);
    let dueAt = current?.dueAt ?? null;
    if (has('dueAt')) {
      const d = change.dueAt instanceof Date ? change.dueAt : null;
      if (!d || Number.isNaN(d.getTime())) throw fail('dueAt', 'Give the due date and time');
      if (d.getTime() < Date.now() - PAST_GRACE_MS && d.getTime() !== current?.dueAt.getTime()) throw fail('dueAt', 'The due time has already passed');
      if (d.getUTCFullYear() > 9999) throw fail('dueAt', 'Give a real due date');
      dueAt = d;
    }
    if (!dueAt) throw fail('dueAt', 'Give the due date and time');
    const assigneeId = has('assigneeId') ? change.assigneeId : current?.assigneeId;
    if (typeof assigneeId !== 'string' || !isUuid(assigneeId)) throw fail('assigneeId', 'Choose an operator of this workspace');
    if (assigneeId !== current?.assigneeId) {
      const [op] = await this.identity.findOperatorsByIds(user.workspaceId, [assigneeId]);
      if (!op) throw fail('assigneeId', 'Choose an operator of this workspace');
      if (!op.active) throw fail('assigneeId', `${op.displayName} is deactivated; choose an active operator`);
      const rights = await this.access.permissionsOf(user.workspaceId, [{ id: op.id, role: op.role }]);
      if (!rights.get(op.id)?.has(Permission.see_tasks)) throw fail('assigneeId', `${op.displayName} cannot see tasks; choose an operator who can`);
    }
    return { contactId, title, description, dueAt, assigneeId };
  }

  private async announce(user: AuthUser, task: TaskObject, previousContactId?: string | null): Promise<void> {
    const contacts = new Set([task.contactId, previousContactId].filter((c): c is string => !!c));
    for (const contactId of contacts) {
      await this.events.publish({ workspaceId: user.workspaceId, contactId, kind: ContactChangeKind.task_changed, taskId: task.id, actorId: user.operatorId });
    }
  }
}
