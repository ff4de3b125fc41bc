import { CONVERSATION_FIELDS } from '@parley/web/shared/data-access';

/** GraphQL documents of the inbox views (issue #4), written against docs/graphql-contract.md. */
export const INBOX_COUNTS = `query InboxCounts { inboxCounts { view unread } }`;
export const CHANNELS = `query InboxChannels { channels { id name type } }`;
export const GROUPS = `query InboxGroups { groups { id name } }`;
export const OPERATORS = `query InboxOperators { operators { id displayName role } }`;
export const SAVED_FILTERS = `query SavedFilters {
  savedFilters { id name view filter { channelId status assigneeId tagId groupId priority from to } }
}`;
export const SAVE_FILTER = `mutation SaveFilter($input: SaveFilterInput!) {
  saveFilter(input: $input) { id name view filter { channelId status assigneeId tagId groupId priority from to } }
}`;
export const DELETE_SAVED_FILTER = `mutation DeleteSavedFilter($id: ID!) { deleteSavedFilter(id: $id) }`;
export const CREATE_TAG = `mutation CreateTag($input: CreateTagInput!) { createTag(input: $input) { id name color pinned } }`;

const BULK_RESULT = 'succeededIds failures { conversationId code message }';
export const BULK_ASSIGN = `mutation BulkAssign($input: BulkAssignInput!) { bulkAssignConversations(input: $input) { ${BULK_RESULT} } }`;
export const BULK_CLOSE = `mutation BulkClose($input: BulkConversationsInput!) { bulkCloseConversations(input: $input) { ${BULK_RESULT} } }`;
export const BULK_TAG = `mutation BulkTag($input: BulkTagInput!) { bulkTagConversations(input: $input) { ${BULK_RESULT} } }`;

export const SNOOZE_CONVERSATION = `mutation SnoozeConversation($input: SnoozeConversationInput!) {
  snoozeConversation(input: $input) { ${CONVERSATION_FIELDS} }
}`;
export const UNSNOOZE_CONVERSATION = `mutation UnsnoozeConversation($input: ConversationRefInput!) {
  unsnoozeConversation(input: $input) { ${CONVERSATION_FIELDS} }
}`;
export const MARK_PENDING = `mutation MarkConversationPending($input: ConversationRefInput!) {
  markConversationPending(input: $input) { ${CONVERSATION_FIELDS} }
}`;
export const REOPEN_CONVERSATION = `mutation ReopenConversation($input: ConversationRefInput!) {
  reopenConversation(input: $input) { ${CONVERSATION_FIELDS} }
}`;
export const SET_PRIORITY = `mutation SetConversationPriority($input: SetConversationPriorityInput!) {
  setConversationPriority(input: $input) { ${CONVERSATION_FIELDS} }
}`;
