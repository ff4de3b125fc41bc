import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { RealtimeClient, SessionStore, TagEventsStore } from '@parley/web/shared/data-access';
import { aConversation } from '@parley/web/shared/data-access/testing';
import { ClientBasicsWidget } from './client-basics-widget';

const vip = { id: 't1', name: 'VIP', color: '#d32f2f', pinned: true };
const lead = { id: 't2', name: 'lead', color: '#1976d2', pinned: false };

async function render(contact: Record<string, unknown>) {
  TestBed.configureTestingModule({
    providers: [
      { provide: RealtimeClient, useValue: { reconnections: signal(0), subscribe: () => () => undefined } },
      { provide: SessionStore, useValue: { isAuthenticated: signal(true) } },
    ],
  });
  const fixture = TestBed.createComponent(ClientBasicsWidget);
  fixture.componentRef.setInput('conversation', aConversation({ contact: { id: 'k1', name: null, email: null, phone: null, tags: [vip, lead], ...contact } as any }));
  await fixture.whenStable();
  const el = fixture.nativeElement as HTMLElement;
  const pinned = () => [...el.querySelectorAll('[data-testid="pinned-tag"]')].map((t) => t.textContent!.trim());
  return { fixture, el, pinned };
}

describe('ClientBasicsWidget', () => {
  afterEach(() => TestBed.resetTestingModule());

  it('shows pinned tags (not the others) beside a known client’s name', async () => {
    const { el, pinned } = await render({ name: 'Ewa Kowalska', email: 'ewa@example.com' });
    expect(el.querySelector('[data-testid="contact-name"]')!.textContent).toContain('Ewa Kowalska');
    expect(pinned()).toEqual(['VIP']);
  });

  it('shows them beside the pseudonym of a visitor who shared nothing yet, and follows a rename or delete live', async () => {
    const { fixture, el, pinned } = await render({});
    expect(el.textContent).toContain('has not shared a name');
    expect(pinned()).toEqual(['VIP']);
    const events = TestBed.inject(TagEventsStore);
    events.receive({ kind: 'tag_updated', tag: { ...vip, name: 'Key client' }, job: null } as any);
    await fixture.whenStable();
    expect(pinned()).toEqual(['Key client']);
    events.receive({ kind: 'tag_deleted', tag: vip, job: null } as any);
    await fixture.whenStable();
    expect(pinned()).toEqual([]);
  });
});
