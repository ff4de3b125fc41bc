import { contactDisplayName, ConversationStatus, MessageAuthorType } from '@parley/shared/contracts';
import { Conversation, Message } from '@parley/web/shared/data-access';

/** The conversation's contact as every screen shows it: the real name, e-mail or phone, else the stable pseudonym ("Teal Otter #4F2A"). */
export function contactName(conversation: Pick<Conversation, 'contact'> | null | undefined): string {
  return contactDisplayName(conversation?.contact);
}

const STATUS_LABELS: Record<ConversationStatus, string> = {
  [ConversationStatus.queued]: 'Queued',
  [ConversationStatus.bot]: 'Bot',
  [ConversationStatus.open]: 'Open',
  [ConversationStatus.pending]: 'Pending',
  [ConversationStatus.closed]: 'Closed',
};

export function statusLabel(status: ConversationStatus): string {
  return STATUS_LABELS[status] ?? status;
}

export function authorLabel(message: Message, conversation: Conversation | null): string {
  if (message.authorName?.trim()) return message.authorName;
  switch (message.authorType) {
    case MessageAuthorType.visitor:
      return contactName(conversation);
    case MessageAuthorType.operator:
      return 'Operator';
    default:
      return 'Parley';
  }
}
