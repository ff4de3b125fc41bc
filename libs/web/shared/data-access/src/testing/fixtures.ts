import { ConversationStatus, MessageAuthorType } from '@parley/shared/contracts';
import { Conversation, InboxEvent, Message } from '../lib/models';

export function aConversation(overrides: Partial<Conversation> = {}): Conversation {
  return {
    id: 'c1',
    status: ConversationStatus.queued,
    channel: { id: 'ch1', name: 'Web chat', type: 'webchat', capabilities: { editable: true } },
    contact: null,
    assignee: null,
    lastMessageAt: '2026-01-01T10:00:00.000Z',
    lastMessagePreview: 'Hello',
    lastSeq: 1,
    visitorReadSeq: 0,
    operatorReadSeq: 0,
    createdAt: '2026-01-01T10:00:00.000Z',
    ...overrides,
  };
}

export function aMessage(overrides: Partial<Message> = {}): Message {
  return {
    id: 'm1',
    conversationId: 'c1',
    seq: 1,
    clientId: null,
    authorType: MessageAuthorType.visitor,
    authorName: null,
    body: 'Hello',
    createdAt: '2026-01-01T10:00:00.000Z',
    ...overrides,
  };
}

export function anEvent(conversation: Conversation, message: Message | null = null): InboxEvent {
  return { kind: message ? 'message_created' : 'conversation_updated', conversation, message };
}
