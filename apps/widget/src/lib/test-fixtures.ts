/** Builders shared by the specs (not bundled: nothing in the widget imports this file). */
import { MessageAuthorType, type VisitorMessage } from '@parley/shared/contracts';

export function msg(seq: number, over: Partial<VisitorMessage> = {}): VisitorMessage {
  return {
    id: `m${seq}`,
    clientId: null,
    conversationId: 'c1',
    seq,
    authorType: MessageAuthorType.operator,
    authorName: 'Anna',
    body: `message ${seq}`,
    createdAt: new Date(Date.UTC(2025, 0, 1, 12, seq)).toISOString(),
    editedAt: null,
    ...over,
  };
}
