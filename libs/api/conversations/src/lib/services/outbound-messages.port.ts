import { EntityManager } from 'typeorm';
import { ConversationEntity } from '../entities/conversation.entity';
import { MessageEntity } from '../entities/message.entity';

export const OUTBOUND_MESSAGES = Symbol('OUTBOUND_MESSAGES');

/** A message an operator or the bot just wrote, with its conversation as it became. */
export interface WrittenOutboundMessage {
  message: MessageEntity;
  conversation: ConversationEntity;
}

/**
 * How a message written in the inbox leaves Parley without conversations knowing any channel
 * (issue #10). The channels domain provides it: `written` runs inside the transaction that stored
 * the messages (MessageBatchWriter), so a message and its delivery row commit together or not at
 * all; it queues those whose channel sends through the outbox (e-mail, Telegram, WhatsApp) and
 * leaves the ones a live topic delivers (the web chat) alone. Visitor messages and event lines
 * never reach it.
 */
export interface OutboundMessagesPort {
  written(m: EntityManager, messages: WrittenOutboundMessage[]): Promise<void>;
  /**
   * An operator edited a message of an editable channel (ConversationLiveService.editMessage), in
   * the transaction that stored the edit: a channel that sends through the outbox queues the edit
   * for the copy its reader has (Telegram's editMessageText), one per message and edit time.
   */
  edited?(m: EntityManager, edit: EditedOutboundMessage): Promise<void>;
}

/** A message as an edit left it (`editedAt` set), with its conversation's channel. */
export interface EditedOutboundMessage {
  message: MessageEntity;
  conversation: Pick<ConversationEntity, 'id' | 'channelId'>;
}
