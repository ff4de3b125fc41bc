import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { ConversationStatus, OperatorRole } from '@parley/shared/contracts';
import { SessionStore } from '@parley/web/shared/data-access';
import { ApiClient } from '@parley/web/shared/data-access';
import { Conversation } from '@parley/web/shared/data-access';
import { aConversation } from '@parley/web/shared/data-access/testing';
import { ConversationActions, snoozeChoices } from './conversation-actions';
import { InboxStore } from '@parley/web/inbox/data-access';
import { ThreadStore } from '@parley/web/inbox/data-access';

describe('snoozeChoices', () => {
  it('offers future times: 1 h, 4 h, tomorrow 9:00 and next Monday 9:00', () => {
    const now = new Date(2026, 2, 11, 15, 30); // a Wednesday
    const [hour, four, tomorrow, monday] = snoozeChoices(now);
    expect(hour.until.getTime() - now.getTime()).toBe(3_600_000);
    expect(four.until.getTime() - now.getTime()).toBe(4 * 3_600_000);
    expect(tomorrow.until).toEqual(new Date(2026, 2, 12, 9, 0));
    expect(monday.until).toEqual(new Date(2026, 2, 16, 9, 0));
    expect(monday.until.getDay()).toBe(1);
  });

  it('on a Sunday, next Monday is the day after', () => {
    const sunday = new Date(2026, 2, 15, 10, 0);
    const monday = snoozeChoices(sunday)[3].until;
    expect(monday).toEqual(new Date(2026, 2, 16, 9, 0));
    expect(monday.getTime()).toBeGreaterThan(sunday.getTime());
  });
});

describe('ConversationActions: the header’s "More actions" offers exactly the secondary buttons (issue #17)', () => {

  async function render(conversation: Conversation, canReply = true) {
    TestBed.configureTestingModule({
      providers: [
        { provide: SessionStore, useValue: { canReply: () => canReply, operator: () => ({ id: 'op-anna' }), role: () => OperatorRole.agent } },
        { provide: ThreadStore, useValue: { conversation: signal(conversation), apply: jest.fn() } },
        { provide: InboxStore, useValue: { applyConversation: jest.fn() } },
        { provide: ApiClient, useValue: { request: jest.fn() } },
      ],
    });
    const fixture = TestBed.createComponent(ConversationActions);
    await fixture.whenStable();
    const element = fixture.nativeElement as HTMLElement;
    const secondary = [...element.querySelectorAll('button.secondary')].map((b) => b.getAttribute('data-testid'));
    const always = [...element.querySelectorAll('button:not(.secondary)')].map((b) => b.getAttribute('data-testid'));
    return { overflow: fixture.componentInstance.overflow(), secondary, always };
  }

  it('an open conversation: Pending, Snooze (with its menu) and Priority', async () => {
    const { overflow, secondary } = await render(aConversation({ status: ConversationStatus.open }));
    expect(overflow.map((a) => a.id)).toEqual(['mark-pending', 'snooze', 'priority']);
    expect(secondary).toEqual(overflow.map((a) => a.id));
    expect(overflow.find((a) => a.id === 'snooze')?.menu).toBeDefined();
    expect(overflow.find((a) => a.id === 'priority')?.label).toBe('Priority: Normal');
  });

  it('a snoozed one offers Unsnooze; a closed one keeps Reopen on the header and offers Priority', async () => {
    const snoozed = await render(aConversation({ status: ConversationStatus.open, snoozedUntil: new Date(Date.now() + 3_600_000).toISOString() }));
    expect(snoozed.overflow.map((a) => a.id)).toEqual(['mark-pending', 'unsnooze', 'priority']);
    expect(snoozed.secondary).toEqual(snoozed.overflow.map((a) => a.id));
    TestBed.resetTestingModule();
    const closed = await render(aConversation({ status: ConversationStatus.closed }));
    expect(closed.overflow.map((a) => a.id)).toEqual(['priority']);
    expect(closed.always).toContain('reopen');
  });

  it("an agent whose chat a colleague took gets none of them, inline or in the menu (issue #17 item 7)", async () => {
    const mine = await render(aConversation({ status: ConversationStatus.open, assignee: { id: 'op-anna', displayName: 'Anna Nowak' } as Conversation['assignee'] }));
    expect(mine.overflow.map((a) => a.id)).toEqual(['mark-pending', 'snooze', 'priority']);
    TestBed.resetTestingModule();
    const taken = await render(aConversation({ status: ConversationStatus.open, assignee: { id: 'op-boris', displayName: 'Boris Petrov' } as Conversation['assignee'] }));
    expect(taken.overflow).toEqual([]);
    expect(taken.secondary).toEqual([]);
    expect(taken.always).toEqual([]);
  });

  it('an observer gets nothing to overflow', async () => {
    const { overflow, secondary } = await render(aConversation({ status: ConversationStatus.open }), false);
    expect(overflow).toEqual([]);
    expect(secondary).toEqual([]);
  });
});
