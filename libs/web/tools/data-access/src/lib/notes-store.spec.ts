import { aMessage } from '@parley/web/shared/data-access/testing';
import { ThreadItem } from '@parley/web/inbox/data-access';
import { mergeNotes, withNotes } from './notes-store';
import { Note } from './tools-models';

const note = (id: string, afterSeq: number, createdAt = '2026-01-01T10:00:00.000Z'): Note => ({
  id, conversationId: 'c1', afterSeq, clientId: null, authorId: 'a', authorName: 'Anna', body: `note ${id}`, mentionedIds: [], createdAt,
});
const msg = (seq: number): ThreadItem => ({ kind: 'message', message: aMessage({ id: `m${seq}`, seq }) });
const label = (items: ReturnType<typeof withNotes>) =>
  items.map((i) => (i.kind === 'note' ? `n:${i.note.id}` : i.kind === 'message' ? `m${i.message.seq}` : `o:${i.outgoing.clientId}`));

describe('withNotes', () => {
  it('places each note after the message it follows, in time order, before unsent messages', () => {
    const items: ThreadItem[] = [msg(1), msg(2), msg(3), { kind: 'outgoing', outgoing: { clientId: 'x', body: 'hi', state: 'sending', error: null } }];
    const notes = [note('late', 1, '2026-01-01T10:05:00.000Z'), note('early', 1), note('end', 3), note('two', 2)];
    expect(label(withNotes(items, notes, false))).toEqual(['m1', 'n:early', 'n:late', 'm2', 'n:two', 'm3', 'n:end', 'o:x']);
  });

  it('holds back notes older than the first loaded message while earlier pages are not loaded', () => {
    const notes = [note('old', 3), note('kept', 5)];
    expect(label(withNotes([msg(5), msg(6)], notes, true))).toEqual(['m5', 'n:kept', 'm6']);
    expect(label(withNotes([msg(5), msg(6)], notes, false))).toEqual(['n:old', 'm5', 'n:kept', 'm6']);
    expect(label(withNotes([], [note('only', 0)], false))).toEqual(['n:only']);
  });

  it('mergeNotes dedupes by id and keeps thread order', () => {
    const merged = mergeNotes([note('b', 2), note('a', 1)], [note('b', 2), note('c', 1, '2026-01-02T00:00:00.000Z')]);
    expect(merged.map((n) => n.id)).toEqual(['a', 'c', 'b']);
  });
});
