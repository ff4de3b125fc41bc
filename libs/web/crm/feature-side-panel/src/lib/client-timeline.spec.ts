import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { ConversationStatus, OperatorRole } from '@parley/shared/contracts';
import { Subject } from 'rxjs';
import { SessionStore } from '@parley/web/shared/data-access';
import { ApiClient } from '@parley/web/shared/data-access';
import { InboxEvent } from '@parley/web/shared/data-access';
import { LiveUpdates } from '@parley/web/inbox/data-access';
import { aConversation, anEvent } from '@parley/web/shared/data-access/testing';
import { ClientTimeline } from './client-timeline';

const contact = { id: 'k1', name: 'Jan', email: null, phone: null };
const entry = (id: string, status: ConversationStatus, preview: string) => ({
  id,
  status,
  lastMessageAt: '2026-01-01T10:00:00.000Z',
  lastMessagePreview: preview,
  channel: { id: 'ch1', name: 'Web chat', type: 'webchat' },
  assignee: null,
});

async function render() {
  const events = new Subject<InboxEvent>();
  const request = jest.fn(async () => ({
    contactConversations: { nodes: [entry('c1', ConversationStatus.queued, 'Hello'), entry('c0', ConversationStatus.open, 'Earlier')], pageInfo: { hasNextPage: false, endCursor: null } },
  }));
  TestBed.configureTestingModule({
    providers: [
      provideRouter([]),
      { provide: ApiClient, useValue: { request } },
      { provide: SessionStore, useValue: { role: signal(OperatorRole.agent), operator: signal({ id: 'me', displayName: 'Me' }) } },
      { provide: LiveUpdates, useValue: { events } },
    ],
  });
  const fixture = TestBed.createComponent(ClientTimeline);
  fixture.componentRef.setInput('conversation', aConversation({ id: 'c1', contact, status: ConversationStatus.queued }));
  await fixture.whenStable();
  const statuses = async () => {
    await fixture.whenStable();
    return [...(fixture.nativeElement as HTMLElement).querySelectorAll('[data-testid=timeline-item]')].map((li) => [li.querySelector('.status')?.textContent?.trim(), li.querySelector('.preview')?.textContent?.trim()]);
  };
  return { fixture, events, statuses };
}

describe('ClientTimeline live (issue #17)', () => {
  it('follows the open conversation’s status as the header does', async () => {
    const { fixture, statuses } = await render();
    expect(await statuses()).toEqual([['Queued', 'Hello'], ['Open', 'Earlier']]);
    fixture.componentRef.setInput('conversation', aConversation({ id: 'c1', contact, status: ConversationStatus.closed }));
    expect((await statuses())[0]).toEqual(['Closed', 'Hello']);
  });

  it('follows the client’s other conversations and a new one from live events', async () => {
    const { events, statuses } = await render();
    events.next(anEvent(aConversation({ id: 'c0', contact, status: ConversationStatus.closed, lastMessagePreview: 'Bye' })));
    expect((await statuses())[1]).toEqual(['Closed', 'Bye']);
    events.next(anEvent(aConversation({ id: 'c2', contact, status: ConversationStatus.queued, lastMessagePreview: 'By e-mail' })));
    expect((await statuses())[0]).toEqual(['Queued', 'By e-mail']);
    // another contact's conversation is not this client's
    events.next(anEvent(aConversation({ id: 'c3', contact: { ...contact, id: 'k2' } })));
    expect(await statuses()).toHaveLength(3);
  });
});
