import { DestroyRef, Injectable, inject, signal } from '@angular/core';
import { ApiClient, RealtimeClient } from '@parley/web/shared/data-access';
import { describeError } from '@parley/web/shared/util';
import {
  ContactTasksDocument,
  ContactTasksQuery,
  CreateTaskDocument,
  CreateTaskInput,
  SetTaskCompletedDocument,
  TaskAssigneesDocument,
  TaskAssigneesQuery,
  TasksContactChangedDocument,
  UpdateTaskDocument,
  UpdateTaskInput,
} from './generated/graphql';
import { afterReconnect } from './after-reconnect';

export type ClientTask = ContactTasksQuery['tasks']['nodes'][number];
export type TaskAssignee = TaskAssigneesQuery['taskAssignees'][number];
export type TaskTab = 'all' | 'mine';

/** Open tasks listed before "Load more". */
export const TASKS_PAGE = 10;
const TASKS_PAGE_MAX = 100;
const REFETCH_COALESCE_MS = 250;

const byDue = (a: ClientTask, b: ClientTask) => a.dueAt.localeCompare(b.dueAt) || a.id.localeCompare(b.id);

/**
 * Issue #11 (E4): the open tasks of one client for the Tasks widget — soonest due first, tab All
 * or Mine (the caller is the assignee); creates, edits and ticks answered by the server. A task
 * ticked done here stays in the list (struck through) until the panel is opened again, as the
 * seed asks, so a wrong tick can be undone. Live for other operators' changes (`task_changed`)
 * and after a reconnect. Provided by the widget.
 */
@Injectable()
export class ClientTasksStore {
  private readonly api = inject(ApiClient);
  private readonly realtime = inject(RealtimeClient);
  private contactId: string | null = null;
  private unsubscribe: (() => void) | null = null;
  private generation = 0;
  private endCursor: string | null = null;
  private refetchTimer: ReturnType<typeof setTimeout> | null = null;
  /** Ticked done in this panel: kept shown until the client is opened again. */
  private readonly doneHere = new Map<string, ClientTask>();

  readonly tab = signal<TaskTab>('all');
  readonly tasks = signal<ClientTask[]>([]);
  readonly hasMore = signal(false);
  readonly loaded = signal(false);
  readonly loadingMore = signal(false);
  readonly error = signal<string | null>(null);
  readonly assignees = signal<TaskAssignee[] | null>(null);

  constructor() {
    inject(DestroyRef).onDestroy(() => this.stop());
    afterReconnect(this.realtime, () => void this.reload());
  }

  /** Follows this client's tasks (null: none). */
  open(contactId: string | null): void {
    if (contactId === this.contactId) return;
    this.stop();
    this.contactId = contactId;
    this.doneHere.clear();
    this.tasks.set([]);
    this.hasMore.set(false);
    this.endCursor = null;
    this.error.set(null);
    this.loaded.set(false);
    if (!contactId) {
      this.loaded.set(true);
      return;
    }
    this.unsubscribe = this.realtime.subscribe(
      TasksContactChangedDocument,
      {
        next: (data) => {
          if (data.contactChanged.kind === 'task_changed') this.scheduleRefetch();
        },
        error: () => undefined,
      },
      { contactId },
    );
    void this.reload();
  }

  setTab(tab: TaskTab): void {
    if (tab === this.tab()) return;
    this.tab.set(tab);
    this.doneHere.clear();
    this.tasks.set([]);
    this.loaded.set(false);
    void this.reload();
  }

  /** Reads the open tasks again, as many as are shown (at least a page). */
  async reload(): Promise<void> {
    const contactId = this.contactId;
    if (!contactId) return;
    const generation = ++this.generation;
    const first = Math.min(TASKS_PAGE_MAX, Math.max(TASKS_PAGE, this.tasks().filter((t) => !t.completed).length));
    try {
      const { tasks } = await this.api.request(ContactTasksDocument, { contactId, mine: this.tab() === 'mine', first });
      if (generation !== this.generation) return;
      this.endCursor = tasks.pageInfo.endCursor;
      this.hasMore.set(tasks.pageInfo.hasNextPage);
      this.tasks.set(this.withDoneHere(tasks.nodes));
      this.error.set(null);
      this.loaded.set(true);
    } catch (error) {
      if (generation === this.generation) this.error.set(describeError(error));
    }
  }

  async loadMore(): Promise<void> {
    const contactId = this.contactId;
    if (!contactId || !this.hasMore() || this.loadingMore()) return;
    const generation = this.generation;
    this.loadingMore.set(true);
    try {
      const { tasks } = await this.api.request(ContactTasksDocument, { contactId, mine: this.tab() === 'mine', first: TASKS_PAGE, after: this.endCursor });
      if (generation !== this.generation) return;
      const known = new Set(this.tasks().map((t) => t.id));
      this.tasks.update((list) => [...list, ...tasks.nodes.filter((t) => !known.has(t.id))].sort(byDue));
      this.hasMore.set(tasks.pageInfo.hasNextPage);
      this.endCursor = tasks.pageInfo.endCursor;
      this.error.set(null);
    } catch (error) {
      if (generation === this.generation) this.error.set(describeError(error));
    } finally {
      this.loadingMore.set(false);
    }
  }

  /** Whom a task can be for (read once per panel). */
  async loadAssignees(): Promise<TaskAssignee[]> {
    const known = this.assignees();
    if (known) return known;
    const { taskAssignees } = await this.api.request(TaskAssigneesDocument, {});
    this.assignees.set(taskAssignees);
    return taskAssignees;
  }

  /** Creates a task; the server's error is thrown for the drawer to show. */
  async create(input: CreateTaskInput): Promise<ClientTask> {
    const { createTask } = await this.api.request(CreateTaskDocument, { input });
    this.upsert(createTask);
    return createTask;
  }

  async update(input: UpdateTaskInput): Promise<ClientTask> {
    const { updateTask } = await this.api.request(UpdateTaskDocument, { input });
    this.upsert(updateTask);
    return updateTask;
  }

  /** Ticks a task done (it stays shown, struck through) or reopens it. */
  async setCompleted(id: string, completed: boolean): Promise<ClientTask> {
    const { setTaskCompleted } = await this.api.request(SetTaskCompletedDocument, { input: { id, completed } });
    if (setTaskCompleted.completed) this.doneHere.set(id, setTaskCompleted);
    else this.doneHere.delete(id);
    this.tasks.update((list) => list.map((t) => (t.id === id ? setTaskCompleted : t)));
    return setTaskCompleted;
  }

  /** A saved task in the list when it belongs here (this client, and the tab's filter). */
  private upsert(task: ClientTask): void {
    const belongs = task.contactId === this.contactId && (task.completed ? this.doneHere.has(task.id) : true);
    this.tasks.update((list) => {
      const rest = list.filter((t) => t.id !== task.id);
      return belongs ? [...rest, task].sort(byDue) : rest;
    });
    // the Mine tab's filter is the server's: read it again
    if (this.tab() === 'mine') this.scheduleRefetch();
  }

  private withDoneHere(open: ClientTask[]): ClientTask[] {
    const ids = new Set(open.map((t) => t.id));
    return [...open, ...[...this.doneHere.values()].filter((t) => !ids.has(t.id))].sort(byDue);
  }

  private scheduleRefetch(): void {
    if (this.refetchTimer) return;
    this.refetchTimer = setTimeout(() => {
      this.refetchTimer = null;
      void this.reload();
    }, REFETCH_COALESCE_MS);
  }

  private stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
    if (this.refetchTimer) clearTimeout(this.refetchTimer);
    this.refetchTimer = null;
    this.generation++;
  }
}
