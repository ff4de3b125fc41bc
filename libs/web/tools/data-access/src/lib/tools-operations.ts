/** GraphQL documents of the agent tools (issue 4), written against docs/graphql-contract.md. */
import { CONVERSATION_FIELDS } from '@parley/web/shared/data-access';

export const QUICK_REPLY_FIELDS = 'id shortcut body shared updatedAt';
export const NOTE_FIELDS = 'id conversationId afterSeq clientId authorId authorName body mentionedIds createdAt';
export const NOTIFICATION_FIELDS = 'id kind conversationId contactId contactName actorName preview readAt createdAt';

export const QUICK_REPLIES = `query QuickReplies($first: Int, $after: String, $query: String) {
  quickReplies(first: $first, after: $after, query: $query) { nodes { ${QUICK_REPLY_FIELDS} } pageInfo { hasNextPage endCursor } }
}`;
export const CREATE_QUICK_REPLY = `mutation CreateQuickReply($input: CreateQuickReplyInput!) { createQuickReply(input: $input) { ${QUICK_REPLY_FIELDS} } }`;
export const UPDATE_QUICK_REPLY = `mutation UpdateQuickReply($input: UpdateQuickReplyInput!) { updateQuickReply(input: $input) { ${QUICK_REPLY_FIELDS} } }`;
export const DELETE_QUICK_REPLY = `mutation DeleteQuickReply($input: DeleteQuickReplyInput!) { deleteQuickReply(input: $input) }`;

export const TEAMMATES = `query Teammates { teammates { id displayName role avatarUrl } }`;

export const CONVERSATION_NOTES = `query ConversationNotes($conversationId: ID!) { conversationNotes(conversationId: $conversationId) { ${NOTE_FIELDS} } }`;
export const ADD_NOTE = `mutation AddNote($input: AddNoteInput!) { addNote(input: $input) { ${NOTE_FIELDS} } }`;
export const NOTE_ADDED = `subscription NoteAdded($conversationId: ID!) { noteAdded(conversationId: $conversationId) { ${NOTE_FIELDS} } }`;

export const NOTIFICATIONS = `query Notifications($first: Int, $after: String) {
  notifications(first: $first, after: $after) { nodes { ${NOTIFICATION_FIELDS} } pageInfo { hasNextPage endCursor } unreadCount }
}`;
export const MARK_NOTIFICATIONS_READ = `mutation MarkNotificationsRead($input: MarkNotificationsReadInput!) { markNotificationsRead(input: $input) }`;
export const NOTIFICATION_ADDED = `subscription NotificationAdded { notificationAdded { ${NOTIFICATION_FIELDS} } }`;

export const TRANSFER_CONVERSATION = `mutation TransferConversation($input: TransferConversationInput!) {
  transferConversation(input: $input) { ${CONVERSATION_FIELDS} }
}`;
export const INVITE_TO_CONVERSATION = `mutation InviteToConversation($input: InviteToConversationInput!) {
  inviteToConversation(input: $input) { ${CONVERSATION_FIELDS} }
}`;
