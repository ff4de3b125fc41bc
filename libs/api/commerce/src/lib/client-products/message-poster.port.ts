import { AuthUser } from '@parley/api/platform/auth';
import { MessageCard } from '@parley/shared/contracts';

/**
 * How commerce posts an operator's message with a card into a conversation (a product card; later
 * an order summary) without depending on the conversations domain: the app wires the
 * conversations' ConversationsService, whose `sendAsOperator` checks the operator may reply there,
 * stores the message, publishes it and hands it to the conversation's channel (the web chat shows
 * the card; e-mail and messengers send the body). Idempotent on `clientId`.
 */
export interface MessagePoster {
  sendAsOperator(user: AuthUser, conversationId: string, clientId: string, body: string, attachmentIds?: string[], card?: MessageCard | null): Promise<{ id: string; seq: number }>;
}

export const MESSAGE_POSTER = Symbol('MESSAGE_POSTER');
