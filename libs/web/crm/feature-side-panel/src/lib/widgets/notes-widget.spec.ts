import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { CLIENT_NOTE_MAX_LENGTH, ErrorCode, OperatorRole, Permission } from '@parley/shared/contracts';
import { ApiClient, RealtimeClient, SessionStore } from '@parley/web/shared/data-access';
import { aConversation } from '@parley/web/shared/data-access/testing';
import { GraphqlRequestError } from '@parley/web/shared/util';
import { NOTE_FOLD_LENGTH, NotesWidget } from './notes-widget';

interface Note {
  id: string;
  contactId: string;
  body: string;
  authorId: string | null;
  authorName: string | null;
  createdAt: string;
  updatedAt: string;
  edited: boolean;
}

const aNote = (i: number, over: Partial<Note> = {}): Note => {
  const at = new Date(Date.UTC(2026, 0, 1, 10, 0, 100 - i)).toISOString();
  return { id: `n${i}`, contactId: 'k1', body: `Note ${i}`, authorId: 'other', authorName: 'Boris', createdAt: at, updatedAt: at, edited: false, ...over };
};

const opName = (doc: unknown): string => /^(?:query|mutation) (\w+)/.exec(String(doc))?.[1] ?? '';

/** A server keeping the notes of contact k1 newest first; `fail` makes the next call of an operation throw. */
async function render(opts: { notes?: Note[]; role?: OperatorRole; permissions?: Permission[]; me?: string; fail?: Record<string, Error> } = {}) {
  const store: Note[] = [...(opts.notes ?? [])];
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
      case 'ClientNotes': {
        const start = vars.after ? store.findIndex((n) => n.id === vars.after) + 1 : 0;
        const nodes = store.slice(start, start + vars.first);
        return { clientNotes: { nodes, pageInfo: { hasNextPage: start + vars.first < store.length, endCursor: nodes.at(-1)?.id ?? null }, totalCount: store.length } };
      }
      case 'AddClientNote': {
        const n = aNote(store.length + 100, { id: `new${store.length}`, body: vars.input.body, authorId: opts.me ?? 'me', authorName: 'Me', createdAt: new Date().toISOString() });
        store.unshift(n);
        return { addClientNote: n };
      }
      case 'UpdateClientNote': {
        const n = store.find((x) => x.id === vars.input.id)!;
        Object.assign(n, { body: vars.input.body, edited: true, updatedAt: new Date().toISOString() });
        return { updateClientNote: { ...n } };
      }
      case 'DeleteClientNote':
        store.splice(
          store.findIndex((x) => x.id === vars.input.id),
          1,
        );
        return { deleteClientNote: true };
    }
    throw new Error(`unexpected ${op}`);
  });
  TestBed.configureTestingModule({
    providers: [
      { provide: ApiClient, useValue: { request } },
      {
        provide: RealtimeClient,
        useValue: {
          reconnections: signal(0),
          subscribe: (_q: unknown, sink: { next: (d: unknown) => void }) => {
            live = sink.next;
            return () => (live = null);
          },
        },
      },
      {
        provide: SessionStore,
        useValue: {
          role: signal(opts.role ?? OperatorRole.agent),
          canReply: signal((opts.role ?? OperatorRole.agent) !== OperatorRole.observer),
          operator: signal({ id: opts.me ?? 'me', displayName: 'Me' }),
          permissions: signal(new Set(opts.permissions ?? [Permission.edit_clients])),
        },
      },
    ],
  });
  const fixture = TestBed.createComponent(NotesWidget);
  fixture.componentRef.setInput('conversation', aConversation({ id: 'c1', contact: { id: 'k1' } as any }));
  const settle = async () => {
    for (let i = 0; i < 3; i++) {
      await fixture.whenStable();
      await new Promise((r) => setTimeout(r));
    }
    fixture.detectChanges();
  };
  await settle();
  const el = fixture.nativeElement as HTMLElement;
  const q = <T extends Element = HTMLElement>(id: string) => el.querySelector<T & HTMLElement>(`[data-testid="${id}"]`);
  const all = (id: string) => [...el.querySelectorAll<HTMLElement>(`[data-testid="${id}"]`)];
  const bodies = () => all('note-body').map((b) => b.textContent!.trim());
  const type = async (value: string, id = 'note-input') => {
    const t = q<HTMLTextAreaElement>(id)!;
    t.value = value;
    t.dispatchEvent(new Event('input'));
    await settle();
  };
  const note = (id: string) => el.querySelector<HTMLElement>(`[data-note-id="${id}"]`)!;
  return { fixture, el, q, all, bodies, type, note, settle, calls, store, push: (d: unknown) => live?.(d) };
}

describe('NotesWidget', () => {
  beforeEach(() => jest.useRealTimers());
  afterEach(() => TestBed.resetTestingModule());

  it('shows the 5 newest notes with author and count, then 3 more per "Load more"', async () => {
    const { bodies, q, settle, calls } = await render({ notes: Array.from({ length: 9 }, (_, i) => aNote(i)) });
    expect(calls[0]).toEqual({ op: 'ClientNotes', vars: { contactId: 'k1', first: 5 } });
    expect(bodies()).toEqual(['Note 0', 'Note 1', 'Note 2', 'Note 3', 'Note 4']);
    expect(q('notes-count')!.textContent!.trim()).toBe('9');
    expect(q('notes-more')!.textContent!.trim()).toBe('Load more (4 older)');
    q('notes-more')!.click();
    await settle();
    expect(calls.at(-1)).toEqual({ op: 'ClientNotes', vars: { contactId: 'k1', first: 3, after: 'n4' } });
    expect(bodies()).toHaveLength(8);
    q('notes-more')!.click();
    await settle();
    expect(bodies()).toHaveLength(9);
    expect(q('notes-more')).toBeNull();
  });

  it('adds a note with Ctrl+Enter, trimmed, newest on top; the form empties', async () => {
    const { q, type, bodies, settle, calls } = await render({ notes: [aNote(1)] });
    await type('  Prefers calls after 18:00  ');
    expect(q('note-counter')!.textContent!.trim()).toBe(`25 / ${CLIENT_NOTE_MAX_LENGTH}`);
    q('note-input')!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', ctrlKey: true }));
    await settle();
    expect(calls.find((c) => c.op === 'AddClientNote')?.vars).toEqual({ input: { contactId: 'k1', body: 'Prefers calls after 18:00' } });
    expect(bodies()).toEqual(['Prefers calls after 18:00', 'Note 1']);
    expect(q<HTMLTextAreaElement>('note-input')!.value).toBe('');
    expect(q('notes-count')!.textContent!.trim()).toBe('2');
  });

  it('refuses an empty or too long note before sending it, and shows the server’s refusal', async () => {
    const { q, type, calls, settle } = await render({ fail: { AddClientNote: new GraphqlRequestError(ErrorCode.Forbidden, 'You need the "Edit clients" right to change contacts') } });
    await type('   ');
    expect(q<HTMLButtonElement>('note-add')!.disabled).toBe(true);
    await type('x'.repeat(CLIENT_NOTE_MAX_LENGTH + 1));
    expect(q('note-too-long')!.textContent).toContain(`at most ${CLIENT_NOTE_MAX_LENGTH} characters`);
    expect(q('note-counter')!.classList).toContain('over');
    expect(q<HTMLButtonElement>('note-add')!.disabled).toBe(true);
    q('note-input')!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', ctrlKey: true }));
    await settle();
    expect(calls.some((c) => c.op === 'AddClientNote')).toBe(false);
    await type('A fine note');
    q('note-add')!.click();
    await settle();
    expect(q('note-add-error')!.textContent).toContain('You need the "Edit clients" right');
    // the draft is kept so nothing typed is lost
    expect(q<HTMLTextAreaElement>('note-input')!.value).toBe('A fine note');
  });

  it('lets the author edit (Escape cancels) and delete after a confirmation; others’ notes have no buttons', async () => {
    const { note, q, type, bodies, settle, calls } = await render({ notes: [aNote(1, { authorId: 'me' }), aNote(2)] });
    expect(note('n2').querySelector('[data-testid="note-edit"]')).toBeNull();
    note('n1').querySelector<HTMLElement>('[data-testid="note-edit"]')!.click();
    await settle();
    await type('Changed', 'note-edit-input');
    q('note-edit-input')!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape' }));
    await settle();
    expect(bodies()[0]).toBe('Note 1');
    note('n1').querySelector<HTMLElement>('[data-testid="note-edit"]')!.click();
    await settle();
    await type('Changed', 'note-edit-input');
    q('note-save')!.click();
    await settle();
    expect(calls.find((c) => c.op === 'UpdateClientNote')?.vars).toEqual({ input: { id: 'n1', body: 'Changed' } });
    expect(bodies()[0]).toBe('Changed');
    expect(note('n1').textContent).toContain('edited');
    note('n1').querySelector<HTMLElement>('[data-testid="note-delete"]')!.click();
    await settle();
    expect(calls.some((c) => c.op === 'DeleteClientNote')).toBe(false);
    q('note-delete-confirm')!.click();
    await settle();
    expect(bodies()).toEqual(['Note 2']);
  });

  it('gives admins and holders of "Edit and delete notes of others" the buttons on every note; observers neither add nor change', async () => {
    const admin = await render({ notes: [aNote(1)], role: OperatorRole.admin });
    expect(admin.note('n1').querySelector('[data-testid="note-edit"]')).not.toBeNull();
    TestBed.resetTestingModule();
    const holder = await render({ notes: [aNote(1)], permissions: [Permission.edit_clients, Permission.delete_others_notes] });
    expect(holder.note('n1').querySelector('[data-testid="note-delete"]')).not.toBeNull();
    TestBed.resetTestingModule();
    const observer = await render({ notes: [aNote(1, { authorId: 'me' })], role: OperatorRole.observer, permissions: [] });
    expect(observer.q('note-form')).toBeNull();
    expect(observer.note('n1').querySelector('[data-testid="note-edit"]')).toBeNull();
    expect(observer.bodies()).toEqual(['Note 1']);
  });

  it('folds a long note with Expand, and says what to do when there are none', async () => {
    const long = 'word '.repeat(100).trim();
    const { q, bodies, settle } = await render({ notes: [aNote(1, { body: long })] });
    expect(bodies()[0]).toBe(long.slice(0, NOTE_FOLD_LENGTH) + '…');
    q('note-expand')!.click();
    await settle();
    expect(bodies()[0]).toBe(long);
    expect(q('note-expand')!.getAttribute('aria-expanded')).toBe('true');
    TestBed.resetTestingModule();
    const empty = await render();
    expect(empty.q('notes-none')!.textContent).toContain('No notes yet');
  });

  it('refetches when another operator changes a note, and offers a retry when loading fails', async () => {
    const { store, push, bodies, q, settle } = await render({ notes: [aNote(1)], fail: { ClientNotes: new GraphqlRequestError('UNAVAILABLE', 'The server is unavailable') } });
    expect(q('notes-error')!.textContent).toContain('unavailable for a moment');
    q('notes-error')!.querySelector('button')!.click();
    await settle();
    expect(q('notes-error')).toBeNull();
    expect(bodies()).toEqual(['Note 1']);
    store.unshift(aNote(0, { body: 'From Boris' }));
    push({ contactChanged: { kind: 'note_added', contactId: 'k1', noteId: 'n0', actorId: 'other' } });
    await new Promise((r) => setTimeout(r, 300));
    await settle();
    expect(bodies()).toEqual(['From Boris', 'Note 1']);
  });

  it('shows that a conversation without a client has no notes', async () => {
    const { fixture, q, settle, calls } = await render();
    const before = calls.length;
    fixture.componentRef.setInput('conversation', aConversation({ id: 'c2', contact: null }));
    await settle();
    expect(q('notes-empty')).not.toBeNull();
    expect(calls.length).toBe(before);
  });
});
