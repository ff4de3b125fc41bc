import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { ErrorCode, OperatorRole, Permission } from '@parley/shared/contracts';
import { ApiClient, RealtimeClient, SessionStore } from '@parley/web/shared/data-access';
import { aConversation } from '@parley/web/shared/data-access/testing';
import { GraphqlRequestError } from '@parley/web/shared/util';
import { defaultDue, TasksWidget, toLocalInput } from './tasks-widget';

interface Task {
  id: string;
  contactId: string | null;
  orderNumber: string | null;
  title: string;
  description: string | null;
  dueAt: string;
  assigneeId: string;
  authorId: string | null;
  authorName: string | null;
  completed: boolean;
  completedAt: string | null;
  notifiedAt: string | null;
  assignee: { id: string; displayName: string } | null;
}

const HOUR = 3_600_000;
const names: Record<string, string> = { me: 'Anna', boris: 'Boris' };
const aTask = (id: string, inHours: number, over: Partial<Task> = {}): Task => ({
  id,
  contactId: 'k1',
  orderNumber: null,
  title: `Task ${id}`,
  description: null,
  dueAt: new Date(Date.now() + inHours * HOUR).toISOString(),
  assigneeId: 'me',
  authorId: 'me',
  authorName: 'Anna',
  completed: false,
  completedAt: null,
  notifiedAt: null,
  assignee: { id: over.assigneeId ?? 'me', displayName: names[over.assigneeId ?? 'me'] },
  ...over,
});

const opName = (doc: unknown): string => /^(?:query|mutation) (\w+)/.exec(String(doc))?.[1] ?? '';
const fieldError = (field: string, message: string) => new GraphqlRequestError(ErrorCode.BadUserInput, message, [{ message, extensions: { code: ErrorCode.BadUserInput, field } }]);

async function render(opts: { tasks?: Task[]; role?: OperatorRole; fail?: Record<string, Error> } = {}) {
  const store: Task[] = [...(opts.tasks ?? [])];
  const fail = { ...(opts.fail ?? {}) };
  let live: ((data: unknown) => void) | null = null;
  const calls: { op: string; vars: any }[] = [];
  const request = jest.fn(async (doc: unknown, vars: any) => {
    const op = opName(doc);
    calls.push({ op, vars });
    if (fail[op]) {
      const e = fail[op];
      delete fail[op];
      throw e;
    }
    switch (op) {
      case 'ContactTasks': {
        const open = store.filter((t) => !t.completed && t.contactId === vars.contactId && (!vars.mine || t.assigneeId === 'me')).sort((a, b) => a.dueAt.localeCompare(b.dueAt));
        return { tasks: { nodes: open.slice(0, vars.first), pageInfo: { hasNextPage: open.length > vars.first, endCursor: null } } };
      }
      case 'TaskAssignees':
        return { taskAssignees: [{ id: 'me', displayName: 'Anna' }, { id: 'boris', displayName: 'Boris' }] };
      case 'CreateTask': {
        const t = aTask(`new${store.length}`, 0, { ...vars.input, assignee: { id: vars.input.assigneeId, displayName: names[vars.input.assigneeId] } });
        store.push(t);
        return { createTask: t };
      }
      case 'UpdateTask': {
        const t = store.find((x) => x.id === vars.input.id)!;
        Object.assign(t, vars.input);
        return { updateTask: { ...t } };
      }
      case 'SetTaskCompleted': {
        const t = store.find((x) => x.id === vars.input.id)!;
        t.completed = vars.input.completed;
        return { setTaskCompleted: { ...t } };
      }
    }
    throw new Error(`unexpected ${op}`);
  });
  const role = opts.role ?? OperatorRole.agent;
  TestBed.configureTestingModule({
    providers: [
      { provide: ApiClient, useValue: { request } },
      { provide: RealtimeClient, useValue: { reconnections: signal(0), subscribe: (_q: unknown, sink: { next: (d: unknown) => void }) => ((live = sink.next), () => (live = null)) } },
      { provide: SessionStore, useValue: { role: signal(role), operator: signal({ id: 'me', displayName: 'Anna' }), permissions: signal(new Set([Permission.see_tasks])) } },
    ],
  });
  const fixture = TestBed.createComponent(TasksWidget);
  fixture.componentRef.setInput('conversation', aConversation({ id: 'c1', contact: { id: 'k1', name: 'Ewa Kowalska', email: null, phone: null } }));
  const settle = async () => {
    for (let i = 0; i < 3; i++) {
      await fixture.whenStable();
      await new Promise((r) => setTimeout(r));
    }
    fixture.detectChanges();
  };
  await settle();
  const el = fixture.nativeElement as HTMLElement;
  const q = <T extends HTMLElement = HTMLElement>(id: string) => el.querySelector<T>(`[data-testid="${id}"]`);
  const titles = () => [...el.querySelectorAll('[data-testid="task-title"]')].map((t) => t.textContent!.trim());
  const task = (id: string) => el.querySelector<HTMLElement>(`[data-task-id="${id}"]`)!;
  const fill = async (id: string, value: string) => {
    const input = q<HTMLInputElement>(id)!;
    input.value = value;
    input.dispatchEvent(new Event('input'));
    await settle();
  };
  return { fixture, el, q, titles, task, fill, settle, calls, store, push: (d: unknown) => live?.(d) };
}

describe('TasksWidget', () => {
  afterEach(() => TestBed.resetTestingModule());

  it('lists the open tasks soonest first with due time and assignee, overdue marked; Mine shows mine', async () => {
    const { titles, task, q, settle, calls } = await render({ tasks: [aTask('b', 5, { assigneeId: 'boris' }), aTask('a', -2), aTask('c', 30)] });
    expect(titles()).toEqual(['Task a', 'Task b', 'Task c']);
    expect(task('a').querySelector('[data-testid="task-due"]')!.textContent).toContain('Overdue');
    expect(task('b').querySelector('[data-testid="task-due"]')!.textContent).not.toContain('Overdue');
    expect(task('b').textContent).toContain('Boris');
    q('tasks-tab-mine')!.click();
    await settle();
    expect(calls.at(-1)).toEqual({ op: 'ContactTasks', vars: { contactId: 'k1', mine: true, first: 10 } });
    expect(titles()).toEqual(['Task a', 'Task c']);
    expect(q('tasks-tab-mine')!.getAttribute('aria-selected')).toBe('true');
  });

  it('creates a task in the drawer: due in an hour and for me by default, a title required, linked to the client', async () => {
    const { q, fill, titles, settle, calls } = await render();
    expect(q('tasks-none')!.textContent).toContain('No open tasks');
    q('task-create')!.click();
    await settle();
    expect(q('task-drawer')!.getAttribute('role')).toBe('dialog');
    expect(q<HTMLInputElement>('task-due-input')!.value).toBe(toLocalInput(defaultDue()));
    expect(q<HTMLSelectElement>('task-assignee-input')!.value).toBe('me');
    expect(q('task-client')!.textContent).toContain('Ewa Kowalska');
    expect(q<HTMLInputElement>('task-order-input')!.disabled).toBe(true);
    q('task-save')!.click();
    await settle();
    expect(q('task-error-title')!.textContent).toContain('needs a title');
    expect(calls.some((c) => c.op === 'CreateTask')).toBe(false);
    await fill('task-title-input', '  Call back   about the discount ');
    q('task-save')!.click();
    await settle();
    const sent = calls.find((c) => c.op === 'CreateTask')!.vars.input;
    expect(sent).toMatchObject({ title: 'Call back about the discount', contactId: 'k1', assigneeId: 'me', description: null });
    expect(Math.abs(Date.parse(sent.dueAt) - defaultDue().getTime())).toBeLessThan(60_000);
    expect(q('task-drawer')).toBeNull();
    expect(titles()).toEqual(['Call back about the discount']);
  });

  it('shows the server’s refusal under its field; an order instead of the client is refused until orders exist; Escape closes', async () => {
    const { q, fill, settle, el } = await render({
      fail: { CreateTask: fieldError('assigneeId', 'Boris cannot see tasks; choose an operator who can') },
    });
    q('task-create')!.click();
    await settle();
    await fill('task-title-input', 'Send the invoice');
    q('task-save')!.click();
    await settle();
    expect(q('task-error-assigneeId')!.textContent).toContain('cannot see tasks');
    expect(q('task-drawer')).not.toBeNull();
    // clearing the client opens the order field; without a number the form says what to do
    q('task-client-clear')!.click();
    await settle();
    expect(q<HTMLInputElement>('task-order-input')!.disabled).toBe(false);
    q('task-save')!.click();
    await settle();
    expect(q('task-error-contactId')!.textContent).toContain('order number');
    q('task-drawer')!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape' }));
    await settle();
    expect(el.querySelector('[data-testid="task-drawer"]')).toBeNull();
  });

  it('edits a task from its title', async () => {
    const { q, fill, titles, settle, calls } = await render({ tasks: [aTask('a', 3)] });
    q('task-title')!.click();
    await settle();
    expect(q<HTMLInputElement>('task-title-input')!.value).toBe('Task a');
    await fill('task-title-input', 'Task a, renamed');
    q('task-title-input')!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', ctrlKey: true, bubbles: true }));
    await settle();
    expect(calls.find((c) => c.op === 'UpdateTask')!.vars.input).toMatchObject({ id: 'a', title: 'Task a, renamed', contactId: 'k1' });
    expect(titles()).toEqual(['Task a, renamed']);
  });

  it('keeps a task ticked done in the list, struck through, until reopened; a refused tick is put back', async () => {
    const { task, settle, calls, q } = await render({ tasks: [aTask('a', 3), aTask('b', 4)], fail: { SetTaskCompleted: new GraphqlRequestError(ErrorCode.Forbidden, 'Observers can read tasks but not change them') } });
    const box = () => task('a').querySelector<HTMLInputElement>('[data-testid="task-done"]')!;
    box().click();
    await settle();
    expect(box().checked).toBe(false);
    expect(q('task-row-error')!.textContent).toContain('Observers');
    box().click();
    await settle();
    expect(calls.filter((c) => c.op === 'SetTaskCompleted').at(-1)!.vars).toEqual({ input: { id: 'a', completed: true } });
    expect(task('a').classList).toContain('done');
    expect(box().getAttribute('aria-label')).toBe('Reopen: Task a');
    box().click();
    await settle();
    expect(task('a').classList).not.toContain('done');
  });

  it('lets observers read tasks but neither create nor tick them, and follows other operators’ changes live', async () => {
    const { q, task, store, push, titles, settle } = await render({ tasks: [aTask('a', 3)], role: OperatorRole.observer });
    expect(q('task-create')).toBeNull();
    expect(task('a').querySelector<HTMLInputElement>('[data-testid="task-done"]')!.disabled).toBe(true);
    store.push(aTask('z', 1, { title: 'From Boris' }));
    push({ contactChanged: { kind: 'task_changed', contactId: 'k1', taskId: 'z', actorId: 'boris' } });
    await new Promise((r) => setTimeout(r, 300));
    await settle();
    expect(titles()).toEqual(['From Boris', 'Task a']);
  });
});
