import { A11yModule } from '@angular/cdk/a11y';
import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, DestroyRef, computed, effect, inject, input, signal, untracked } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { ROLES_THAT_REPLY, TASK_DESCRIPTION_MAX_LENGTH, TASK_TITLE_MAX_LENGTH } from '@parley/shared/contracts';
import { ClientTask, ClientTasksStore, TaskAssignee, TaskTab } from '@parley/web/crm/data-access';
import { contactName } from '@parley/web/inbox/data-access';
import { Conversation, SessionStore } from '@parley/web/shared/data-access';
import { describeError, GraphqlRequestError } from '@parley/web/shared/util';
import { WIDGET_STYLES } from './widget-styles';

/** "2026-12-06T19:05" in the operator's time zone, as a datetime-local input takes it. */
export function toLocalInput(date: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${p(date.getMonth() + 1)}-${p(date.getDate())}T${p(date.getHours())}:${p(date.getMinutes())}`;
}

/** The drawer's default due time: in an hour, on the next 5 minutes ("call me back in an hour"). */
export function defaultDue(now = new Date()): Date {
  const d = new Date(now.getTime() + 60 * 60_000);
  d.setSeconds(0, 0);
  d.setMinutes(Math.ceil(d.getMinutes() / 5) * 5);
  return d;
}

/** The field a BAD_USER_INPUT names, with its message; anything else for the whole form. */
export function taskFieldError(e: unknown): { field: string | null; message: string } {
  if (e instanceof GraphqlRequestError) {
    const field = e.errors[0]?.extensions?.['field'];
    if (typeof field === 'string') return { field, message: e.message };
    if (e.message && (e.code === 'FORBIDDEN' || e.code === 'NOT_FOUND')) return { field: null, message: e.message };
  }
  return { field: null, message: describeError(e) };
}

interface Draft {
  id: string | null;
  title: string;
  description: string;
  due: string;
  assigneeId: string;
  /** false: the client was cleared, the order number field opens. */
  linkedToClient: boolean;
  orderNumber: string;
}

/**
 * The side panel's Tasks widget (SPEC E4, seed 004): the client's open tasks, soonest due first,
 * in the tabs All and Mine (I am the assignee); overdue ones marked. A tick marks a task done — it
 * stays in the list, struck through, until the client is opened again, so a wrong tick is undone
 * with another. "Create task" and a task's title open the task drawer: title, description, due
 * time (an hour from now by default), assignee (operators who see tasks), and the client it is
 * linked to — cleared, an order number can be given instead (refused by the server until orders
 * exist). Shown only to operators who "see tasks" (the registry's `requires`); the server checks
 * every right again. Other operators' changes arrive live.
 */
@Component({
  selector: 'pl-tasks-widget',
  imports: [A11yModule, DatePipe, MatButtonModule],
  providers: [ClientTasksStore],
  template: `
    <div class="head">
      <h3 id="tasks-title">Tasks</h3>
      @if (contactId() && mayChange()) {
        <button mat-stroked-button type="button" (click)="openNew()" data-testid="task-create">Create task</button>
      }
    </div>
    @if (!contactId()) {
      <p class="none" data-testid="tasks-empty">Tasks are kept on a client: this conversation has none.</p>
    } @else {
      <div class="tabs" role="tablist" aria-label="Which tasks">
        @for (t of tabs; track t.id) {
          <button type="button" role="tab" [attr.aria-selected]="store.tab() === t.id" [class.active]="store.tab() === t.id" (click)="store.setTab(t.id)" [attr.data-testid]="'tasks-tab-' + t.id">{{ t.label }}</button>
        }
      </div>
      @if (store.error(); as e) {
        <p class="error" role="alert" data-testid="tasks-error">The tasks could not be loaded: {{ e }} <button type="button" class="link" (click)="store.reload()">Try again</button></p>
      }
      @if (!store.loaded() && !store.error()) {
        <p class="none" aria-busy="true">Loading tasks…</p>
      } @else if (store.loaded() && !store.tasks().length) {
        <p class="none" data-testid="tasks-none">
          {{ store.tab() === 'mine' ? 'No open tasks of yours on this client.' : 'No open tasks on this client.' }}
          @if (mayChange()) {
            Create one to be reminded when it is due.
          }
        </p>
      }
      <ul class="tasks" aria-labelledby="tasks-title" data-testid="tasks-list">
        @for (t of store.tasks(); track t.id) {
          <li data-testid="task" [attr.data-task-id]="t.id" [class.done]="t.completed">
            <input
              type="checkbox"
              [checked]="t.completed"
              [disabled]="!mayChange() || ticking().has(t.id)"
              (change)="tick(t, $any($event.target))"
              [attr.aria-label]="(t.completed ? 'Reopen: ' : 'Done: ') + t.title"
              data-testid="task-done"
            />
            <div class="what">
              <button type="button" class="title" (click)="openTask(t)" data-testid="task-title">{{ t.title }}</button>
              <span class="meta">
                <time [attr.datetime]="t.dueAt" [class.overdue]="isOverdue(t)" data-testid="task-due">{{ isOverdue(t) ? 'Overdue · ' : '' }}{{ t.dueAt | date: 'short' }}</time>
                · {{ t.assignee?.displayName || 'A former operator' }}
              </span>
            </div>
          </li>
          @if (rowError()?.id === t.id) {
            <li class="error" role="alert" data-testid="task-row-error">{{ rowError()!.message }}</li>
          }
        }
      </ul>
      @if (store.hasMore()) {
        <button type="button" class="link" (click)="store.loadMore()" [disabled]="store.loadingMore()" data-testid="tasks-more">{{ store.loadingMore() ? 'Loading…' : 'Load more' }}</button>
      }
    }

    @if (draft(); as d) {
      <div class="scrim" (click)="close()" aria-hidden="true"></div>
      <aside class="drawer" role="dialog" aria-modal="true" aria-labelledby="task-drawer-title" cdkTrapFocus [cdkTrapFocusAutoCapture]="true" (keydown.escape)="close()" data-testid="task-drawer">
        <form (submit)="$event.preventDefault(); save()" (keydown.control.enter)="$event.preventDefault(); save()" (keydown.meta.enter)="$event.preventDefault(); save()">
          <h3 id="task-drawer-title">{{ d.id ? 'Task' : 'New task' }}</h3>
          <label for="task-title-input">Title</label>
          <input
            id="task-title-input"
            cdkFocusInitial
            [value]="d.title"
            (input)="patch({ title: $any($event.target).value })"
            [attr.aria-invalid]="!!fieldError('title')"
            [attr.maxlength]="titleMax + 50"
            placeholder="Call back about the discount"
            data-testid="task-title-input"
          />
          @if (fieldError('title'); as e) {
            <p class="error" role="alert" data-testid="task-error-title">{{ e }}</p>
          }
          <label for="task-description-input">Description</label>
          <textarea id="task-description-input" rows="3" [value]="d.description" (input)="patch({ description: $any($event.target).value })" [attr.aria-invalid]="!!fieldError('description')" data-testid="task-description-input"></textarea>
          @if (fieldError('description'); as e) {
            <p class="error" role="alert" data-testid="task-error-description">{{ e }}</p>
          }
          <label for="task-due-input">Due</label>
          <input id="task-due-input" type="datetime-local" [value]="d.due" (input)="patch({ due: $any($event.target).value })" [attr.aria-invalid]="!!fieldError('dueAt')" data-testid="task-due-input" />
          @if (fieldError('dueAt'); as e) {
            <p class="error" role="alert" data-testid="task-error-dueAt">{{ e }}</p>
          }
          <label for="task-assignee-input">Assignee</label>
          @if (assignees(); as list) {
            <select id="task-assignee-input" [value]="d.assigneeId" (change)="patch({ assigneeId: $any($event.target).value })" [attr.aria-invalid]="!!fieldError('assigneeId')" data-testid="task-assignee-input">
              @if (!d.assigneeId) {
                <option value="" disabled>Choose an operator</option>
              }
              @for (a of list; track a.id) {
                <option [value]="a.id" [selected]="a.id === d.assigneeId">{{ a.displayName }}{{ a.id === me() ? ' (me)' : '' }}</option>
              }
            </select>
          } @else {
            <p class="none" aria-busy="true">Loading operators…</p>
          }
          @if (fieldError('assigneeId'); as e) {
            <p class="error" role="alert" data-testid="task-error-assigneeId">{{ e }}</p>
          }
          <label for="task-client">Client</label>
          @if (d.linkedToClient) {
            <div class="client" id="task-client" data-testid="task-client">
              <span>{{ clientName() }}</span>
              <button type="button" class="link" (click)="patch({ linkedToClient: false })" aria-label="Remove the client link (to link an order instead)" data-testid="task-client-clear">Remove</button>
            </div>
          } @else {
            <div class="client" id="task-client">
              <span class="none">None</span>
              <button type="button" class="link" (click)="patch({ linkedToClient: true, orderNumber: '' })" data-testid="task-client-restore">Link {{ clientName() }}</button>
            </div>
          }
          @if (fieldError('contactId'); as e) {
            <p class="error" role="alert" data-testid="task-error-contactId">{{ e }}</p>
          }
          <label for="task-order-input">Order</label>
          <input id="task-order-input" [value]="d.orderNumber" [disabled]="d.linkedToClient" (input)="patch({ orderNumber: $any($event.target).value })" [attr.aria-invalid]="!!fieldError('orderNumber')" placeholder="Order number" data-testid="task-order-input" />
          @if (fieldError('orderNumber'); as e) {
            <p class="error" role="alert" data-testid="task-error-orderNumber">{{ e }}</p>
          }
          @if (formError(); as e) {
            <p class="error" role="alert" data-testid="task-form-error">{{ e }}</p>
          }
          <div class="buttons">
            <button mat-button type="button" (click)="close()">Cancel</button>
            <button mat-flat-button type="submit" [disabled]="saving() || !mayChange()" data-testid="task-save">{{ saving() ? 'Saving…' : d.id ? 'Save' : 'Create task' }}</button>
          </div>
        </form>
      </aside>
    }
  `,
  styles: [
    WIDGET_STYLES,
    `
      .head {
        display: flex;
        align-items: center;
        justify-content: space-between;
        gap: 8px;
        margin-top: 24px;
      }
      .head h3 {
        margin: 0;
      }
      .tabs {
        display: flex;
        gap: 4px;
        margin: 8px 0;
      }
      .tabs button {
        border: 0;
        background: none;
        padding: 4px 10px;
        border-radius: 12px;
        cursor: pointer;
        font: var(--mat-sys-label-medium);
        color: var(--mat-sys-on-surface-variant);
      }
      .tabs button.active {
        background: var(--mat-sys-secondary-container);
        color: var(--mat-sys-on-secondary-container);
      }
      .tasks {
        list-style: none;
        margin: 0;
        padding: 0;
        display: flex;
        flex-direction: column;
        gap: 8px;
      }
      .tasks li {
        display: flex;
        gap: 8px;
        align-items: flex-start;
      }
      .what {
        display: flex;
        flex-direction: column;
        min-width: 0;
      }
      .title {
        border: 0;
        background: none;
        padding: 0;
        text-align: left;
        cursor: pointer;
        font: var(--mat-sys-body-medium);
        color: var(--mat-sys-on-surface);
        overflow-wrap: anywhere;
      }
      .title:hover,
      .title:focus-visible {
        text-decoration: underline;
      }
      .done .title {
        text-decoration: line-through;
        color: var(--mat-sys-on-surface-variant);
      }
      .meta {
        font: var(--mat-sys-label-small);
        color: var(--mat-sys-on-surface-variant);
      }
      .overdue {
        color: var(--mat-sys-error);
        font-weight: 500;
      }
      .scrim {
        position: fixed;
        inset: 0;
        background: rgb(0 0 0 / 32%);
        z-index: 1000;
      }
      .drawer {
        position: fixed;
        top: 0;
        right: 0;
        bottom: 0;
        width: min(420px, 100vw);
        overflow-y: auto;
        box-sizing: border-box;
        padding: 16px 20px;
        background: var(--mat-sys-surface-container-low, #fff);
        color: var(--mat-sys-on-surface);
        box-shadow: var(--mat-sys-level3);
        z-index: 1001;
      }
      .drawer h3 {
        margin: 0 0 16px;
        font: var(--mat-sys-title-medium);
      }
      .drawer form {
        display: flex;
        flex-direction: column;
        gap: 4px;
      }
      .drawer label {
        margin-top: 10px;
        font: var(--mat-sys-label-medium);
        color: var(--mat-sys-on-surface-variant);
      }
      .drawer input,
      .drawer textarea,
      .drawer select {
        font: var(--mat-sys-body-medium);
        padding: 6px 8px;
        border: 1px solid var(--mat-sys-outline-variant);
        border-radius: 4px;
        background: var(--mat-sys-surface);
        color: var(--mat-sys-on-surface);
      }
      .drawer [aria-invalid='true'] {
        border-color: var(--mat-sys-error);
      }
      .drawer input:disabled {
        opacity: 0.6;
      }
      .client {
        display: flex;
        gap: 12px;
        align-items: baseline;
      }
      .buttons {
        display: flex;
        justify-content: flex-end;
        gap: 8px;
        margin-top: 20px;
      }
    `,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class TasksWidget {
  readonly conversation = input<Conversation | null>(null);
  protected readonly store = inject(ClientTasksStore);
  private readonly session = inject(SessionStore);
  protected readonly titleMax = TASK_TITLE_MAX_LENGTH;
  protected readonly tabs: { id: TaskTab; label: string }[] = [
    { id: 'all', label: 'All' },
    { id: 'mine', label: 'Mine' },
  ];

  protected readonly contactId = computed(() => this.conversation()?.contact?.id ?? null);
  protected readonly clientName = computed(() => contactName(this.conversation()));
  protected readonly me = computed(() => this.session.operator()?.id ?? null);
  /** Observers read tasks but change none (the server says so too). */
  protected readonly mayChange = computed(() => {
    const role = this.session.role();
    return !!role && ROLES_THAT_REPLY.includes(role);
  });
  protected readonly draft = signal<Draft | null>(null);
  protected readonly assignees = signal<TaskAssignee[] | null>(null);
  protected readonly saving = signal(false);
  protected readonly fieldErrors = signal<Record<string, string>>({});
  protected readonly formError = signal<string | null>(null);
  protected readonly ticking = signal<ReadonlySet<string>>(new Set());
  protected readonly rowError = signal<{ id: string; message: string } | null>(null);
  /** Ticks every 30 s, so a task turns overdue while the panel is open. */
  private readonly now = signal(Date.now());

  constructor() {
    effect(() => {
      const contactId = this.contactId();
      untracked(() => {
        this.draft.set(null);
        this.store.open(contactId);
      });
    });
    const timer = setInterval(() => this.now.set(Date.now()), 30_000);
    inject(DestroyRef).onDestroy(() => clearInterval(timer));
  }

  protected isOverdue(t: ClientTask): boolean {
    return !t.completed && Date.parse(t.dueAt) < this.now();
  }

  protected fieldError(field: string): string | null {
    return this.fieldErrors()[field] ?? null;
  }

  protected patch(change: Partial<Draft>): void {
    this.draft.update((d) => (d ? { ...d, ...change } : d));
    const cleared = Object.keys(change).map((k) => (k === 'due' ? 'dueAt' : k === 'linkedToClient' ? 'contactId' : k));
    this.fieldErrors.update((errors) => Object.fromEntries(Object.entries(errors).filter(([k]) => !cleared.includes(k) && !(k === 'orderNumber' && cleared.includes('contactId')))));
    this.formError.set(null);
  }

  protected openNew(): void {
    this.openDrawer({ id: null, title: '', description: '', due: toLocalInput(defaultDue()), assigneeId: this.me() ?? '', linkedToClient: true, orderNumber: '' });
  }

  protected openTask(t: ClientTask): void {
    this.openDrawer({
      id: t.id,
      title: t.title,
      description: t.description ?? '',
      due: toLocalInput(new Date(t.dueAt)),
      assigneeId: t.assigneeId,
      linkedToClient: !!t.contactId,
      orderNumber: t.orderNumber ?? '',
    });
  }

  protected close(): void {
    if (this.saving()) return;
    this.draft.set(null);
  }

  protected async save(): Promise<void> {
    const d = this.draft();
    if (!d || this.saving()) return;
    const errors: Record<string, string> = {};
    const title = d.title.replace(/\s+/g, ' ').trim();
    if (!title) errors['title'] = 'A task needs a title';
    else if (title.length > TASK_TITLE_MAX_LENGTH) errors['title'] = `A title is at most ${TASK_TITLE_MAX_LENGTH} characters (this one has ${title.length})`;
    if (d.description.trim().length > TASK_DESCRIPTION_MAX_LENGTH) errors['description'] = `A description is at most ${TASK_DESCRIPTION_MAX_LENGTH} characters`;
    const due = d.due ? new Date(d.due) : null;
    if (!due || Number.isNaN(due.getTime())) errors['dueAt'] = 'Give the due date and time';
    if (!d.assigneeId) errors['assigneeId'] = 'Choose whom the task is for';
    if (!d.linkedToClient && !d.orderNumber.trim()) errors['contactId'] = 'Link the task to the client, or give an order number';
    this.fieldErrors.set(errors);
    this.formError.set(null);
    if (Object.keys(errors).length || !due) return;
    const link = d.linkedToClient ? { contactId: this.contactId() } : { contactId: null, orderNumber: d.orderNumber.trim() };
    const fields = { title, description: d.description.trim() || null, dueAt: due.toISOString(), assigneeId: d.assigneeId, ...link };
    this.saving.set(true);
    try {
      if (d.id) await this.store.update({ id: d.id, ...fields });
      else await this.store.create(fields);
      this.saving.set(false);
      this.draft.set(null);
    } catch (e) {
      const { field, message } = taskFieldError(e);
      if (field) this.fieldErrors.set({ [field]: message });
      else this.formError.set(message);
    } finally {
      this.saving.set(false);
    }
  }

  protected async tick(t: ClientTask, box: HTMLInputElement): Promise<void> {
    const completed = box.checked;
    this.ticking.update((s) => new Set(s).add(t.id));
    this.rowError.set(null);
    try {
      await this.store.setCompleted(t.id, completed);
    } catch (e) {
      this.rowError.set({ id: t.id, message: taskFieldError(e).message });
      // the checkbox shows what the server has
      box.checked = t.completed;
    } finally {
      this.ticking.update((s) => {
        const next = new Set(s);
        next.delete(t.id);
        return next;
      });
    }
  }

  private openDrawer(d: Draft): void {
    this.fieldErrors.set({});
    this.formError.set(null);
    this.draft.set(d);
    this.store
      .loadAssignees()
      .then((list) => {
        this.assignees.set(list);
        // the default "me" only when I may hold tasks; otherwise the operator chooses
        const current = this.draft();
        if (current && !current.id && current.assigneeId && !list.some((a) => a.id === current.assigneeId)) this.patch({ assigneeId: '' });
      })
      .catch((e) => this.formError.set(`The operators could not be loaded: ${describeError(e)}`));
  }
}
