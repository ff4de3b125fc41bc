import { TestBed } from '@angular/core/testing';
import { ErrorCode, MessageAuthorType } from '@parley/shared/contracts';
import { ApiClient } from '@parley/web/shared/data-access';
import { GraphqlRequestError } from '@parley/web/shared/util';
import { Conversation, Message } from '@parley/web/shared/data-access';
import { aConversation, aMessage } from '@parley/web/shared/data-access/testing';
import { editErrorText, ThreadStore } from './thread-store';

const T0 = Date.parse('2026-01-01T10:00:00.000Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();
const mine = (seq: number, minutes: number, body = `mine ${seq}`) =>
  aMessage({ id: `m${seq}`, seq, body, authorType: MessageAuthorType.operator, authorId: 'op-anna', authorName: 'Anna', createdAt: at(minutes) });

function setup(messages: Message[], conversation: Conversation = aConversation(), edit?: (input: { messageId: string; body: string }) => Promise<unknown>) {
  const request = jest.fn(async (query: string, variables: Record<string, unknown>) => {
    if (query.includes('editMessage')) return edit!(variables['input'] as { messageId: string; body: string });
    if (query.includes('messages(')) return { messages: { nodes: messages, hasMore: false } };
    return { conversation };
  });
  TestBed.configureTestingModule({ providers: [ThreadStore, { provide: ApiClient, useValue: { request } }] });
  return { store: TestBed.inject(ThreadStore), request };
}

describe('ThreadStore — editing (SPEC A10)', () => {
  it('offers the operator’s own last message, not a colleague’s, the visitor’s or an older one of theirs', async () => {
    const colleague = aMessage({ id: 'm4', seq: 4, authorType: MessageAuthorType.operator, authorId: 'op-boris', createdAt: at(3) });
    const visitor = aMessage({ id: 'm5', seq: 5, createdAt: at(4) });
    const { store } = setup([mine(2, 1), mine(3, 2), colleague, visitor]);
    await store.open('c1');
    expect(store.editableMessage('op-anna', T0 + 5 * 60_000)?.id).toBe('m3');
    expect(store.editableMessage('op-boris', T0 + 5 * 60_000)?.id).toBe('m4');
    expect(store.editableMessage('op-olga', T0 + 5 * 60_000)).toBeNull();
    expect(store.editableMessage(null, T0)).toBeNull();
  });

  it('stops offering it after 15 minutes, while a send is on its way, and outside web chat', async () => {
    const { store } = setup([mine(2, 0)], aConversation({ channel: { id: 'ch', name: 'Mail', type: 'email' } }));
    await store.open('c1');
    expect(store.editableMessage('op-anna', T0 + 60_000)).toBeNull();
    TestBed.resetTestingModule();
    const web = setup([mine(2, 0)]);
    await web.store.open('c1');
    expect(web.store.editableMessage('op-anna', T0 + 14 * 60_000)?.id).toBe('m2');
    expect(web.store.editableMessage('op-anna', T0 + 15 * 60_000)).toBeNull();
    web.store.outbox.set([{ clientId: 'x', body: 'next', state: 'sending', error: null }]);
    expect(web.store.editableMessage('op-anna', T0 + 60_000)).toBeNull();
  });

  it('saves through editMessage and shows the server’s copy with its edited mark', async () => {
    const { store, request } = setup([mine(2, 0, 'Teh answer')], aConversation(), async ({ messageId, body }) => ({
      editMessage: { ...mine(2, 0), id: messageId, body, editedAt: at(1) },
    }));
    await store.open('c1');
    expect(await store.edit('m2', 'The answer')).toBeNull();
    expect(request).toHaveBeenCalledWith(expect.stringContaining('editMessage'), { input: { messageId: 'm2', body: 'The answer' } });
    expect(store.messages()[0]).toMatchObject({ id: 'm2', body: 'The answer', editedAt: at(1) });
  });

  it('returns a clear error and leaves the message as it was when the server refuses', async () => {
    const { store } = setup([mine(2, 0, 'Teh answer')], aConversation(), async () => {
      throw new GraphqlRequestError(ErrorCode.EditNotAllowed, 'Only your last message can be edited');
    });
    await store.open('c1');
    expect(await store.edit('m2', 'The answer')).toBe('The edit was not saved. Only your last message can be edited.');
    expect(store.messages()[0]).toMatchObject({ body: 'Teh answer' });
    expect(store.messages()[0].editedAt).toBeFalsy();
  });

  it('words each refusal for the operator', () => {
    expect(editErrorText(new GraphqlRequestError(ErrorCode.Forbidden, 'This conversation belongs to another operator'))).toBe(
      'The edit was not saved. This conversation belongs to another operator.',
    );
    expect(editErrorText(new GraphqlRequestError(ErrorCode.EmptyMessage, 'The message is empty'))).toBe('The edit was not saved. The message is empty.');
    expect(editErrorText(GraphqlRequestError.network(new Error('offline')))).toBe('The edit was not saved. Cannot reach Parley. Check your connection and try again.');
  });
});
