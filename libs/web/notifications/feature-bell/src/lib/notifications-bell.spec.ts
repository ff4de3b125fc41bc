import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import { Notifier } from '@parley/web/notifications/data-access';
import { ApiClient, RealtimeClient } from '@parley/web/shared/data-access';
import { NotificationsBell } from './notifications-bell';

const aNotification = (over: Record<string, unknown>) => ({
  id: 'n1',
  kind: 'mention',
  conversationId: 'c1',
  contactName: 'Ewa Kowalska',
  actorName: 'Boris',
  preview: null,
  readAt: null,
  createdAt: new Date().toISOString(),
  ...over,
});

async function render() {
  let live: ((d: unknown) => void) | null = null;
  const taskDue = jest.fn();
  TestBed.configureTestingModule({
    providers: [
      provideRouter([]),
      {
        provide: ApiClient,
        useValue: {
          request: jest.fn(async (doc: unknown) =>
            String(doc).includes('markNotificationsRead') ? { markNotificationsRead: 0 } : { notifications: { nodes: [], pageInfo: { hasNextPage: false, endCursor: null }, unreadCount: 0 } },
          ),
        },
      },
      { provide: RealtimeClient, useValue: { reconnections: signal(0), subscribe: (_q: unknown, sink: { next: (d: unknown) => void }) => ((live = sink.next), () => (live = null)) } },
      { provide: Notifier, useValue: { taskDue } },
    ],
  });
  const fixture = TestBed.createComponent(NotificationsBell);
  fixture.detectChanges();
  await fixture.whenStable();
  return { fixture, taskDue, push: (n: unknown) => live?.({ notificationAdded: n }) };
}

describe('NotificationsBell', () => {
  afterEach(() => TestBed.resetTestingModule());

  it('rings and shows a browser notification when a task of mine is due, naming the task and the client; not for other kinds or twice', async () => {
    const { taskDue, push } = await render();
    push(aNotification({ id: 'm1', kind: 'mention' }));
    expect(taskDue).not.toHaveBeenCalled();
    push(aNotification({ id: 't1', kind: 'task_due', preview: 'Call back about the discount' }));
    push(aNotification({ id: 't1', kind: 'task_due', preview: 'Call back about the discount' }));
    expect(taskDue).toHaveBeenCalledTimes(1);
    expect(taskDue).toHaveBeenCalledWith({ id: 't1', title: 'Task due: Call back about the discount', body: 'Boris set you a task on Ewa Kowalska that is due now', conversationId: 'c1', contactId: null });
  });

  it('opens the client’s card from a task’s notification (it names no conversation), and a conversation’s otherwise', async () => {
    const { fixture } = await render();
    const router = TestBed.inject(Router);
    const navigate = jest.spyOn(router, 'navigate').mockResolvedValue(true);
    const open = (n: unknown) => (fixture.componentInstance as unknown as { open: (n: unknown) => Promise<void> }).open(n);
    await open(aNotification({ id: 't2', kind: 'task_due', conversationId: null, contactId: 'k1', readAt: new Date().toISOString() }));
    expect(navigate).toHaveBeenLastCalledWith(['/clients'], { queryParams: { client: 'k1' } });
    await open(aNotification({ id: 'm2', kind: 'mention', conversationId: 'c9', readAt: new Date().toISOString() }));
    expect(navigate).toHaveBeenLastCalledWith(['/inbox', 'c9']);
  });
});
