/** GraphQL documents, written against docs/graphql-contract.md. */
const OPERATOR_FIELDS = 'id email displayName role avatarUrl permissions soundEnabled pushEnabled';
export const AUTH_FIELDS = `accessToken accessTokenExpiresAt operator { ${OPERATOR_FIELDS} } workspace { id name slug }`;

export const CONVERSATION_FIELDS = `
  id status lastMessageAt lastMessagePreview lastSeq visitorReadSeq operatorReadSeq createdAt priority snoozedUntil
  tags { id name color pinned }
  channel { id name type replyOutsideWindow capabilities { editable replyWindowHours } }
  contact { id name email phone owner { id displayName } tags { id name color pinned } }
  assignee { id displayName }
  participants { id displayName }
  group { id name }`;

export const MESSAGE_FIELDS = 'id conversationId seq clientId authorType authorId authorName body createdAt editedAt deliveryStatus deliveryError editError hasHtml attachments { id name mime size url width height } card { kind productId sku name price currency imageUrl url }';

export const LOGIN = `mutation Login($input: LoginInput!) { login(input: $input) { ${AUTH_FIELDS} } }`;
export const REFRESH_SESSION = `mutation RefreshSession { refreshSession { ${AUTH_FIELDS} } }`;
export const LOGOUT = `mutation Logout($allDevices: Boolean) { logout(allDevices: $allDevices) }`;

export const CONVERSATIONS = `query Conversations($view: ConversationView, $first: Int, $after: String, $filter: ConversationFilterInput) {
  conversations(view: $view, first: $first, after: $after, filter: $filter) {
    nodes { ${CONVERSATION_FIELDS} }
    pageInfo { hasNextPage endCursor }
  }
}`;

/** The open conversation: also when the contact last wrote (a channel's reply window counts from it; not sent with every inbox event). */
export const CONVERSATION = `query Conversation($id: ID!) { conversation(id: $id) { ${CONVERSATION_FIELDS} lastInboundAt } }`;

export const MESSAGES = `query Messages($conversationId: ID!, $beforeSeq: Int, $last: Int) {
  messages(conversationId: $conversationId, beforeSeq: $beforeSeq, last: $last) {
    nodes { ${MESSAGE_FIELDS} threadedBy automated }
    hasMore
  }
}`;

export const SEND_MESSAGE = `mutation SendMessage($input: SendMessageInput!) { sendMessage(input: $input) { ${MESSAGE_FIELDS} } }`;
export const TAKE_CONVERSATION = `mutation TakeConversation($input: TakeConversationInput!) {
  takeConversation(input: $input) { ${CONVERSATION_FIELDS} }
}`;
export const CLOSE_CONVERSATION = `mutation CloseConversation($input: CloseConversationInput!) {
  closeConversation(input: $input) { ${CONVERSATION_FIELDS} }
}`;

export const INBOX_EVENTS = `subscription InboxEvents {
  inboxEvent(announce: true) {
    kind
    conversation { ${CONVERSATION_FIELDS} }
    message { ${MESSAGE_FIELDS} }
  }
}`;

export const SEARCH = `query Search($query: String!, $first: Int, $after: String) {
  search(query: $query, first: $first, after: $after) {
    nodes { kind conversationId messageId seq contactName contactDisplayName at segments { text match } }
    hasNextPage endCursor
  }
}`;

export const HISTORY = `query History($status: ConversationStatus, $first: Int, $after: String) {
  conversations(view: all, status: $status, first: $first, after: $after) {
    nodes { ${CONVERSATION_FIELDS} }
    pageInfo { hasNextPage endCursor }
  }
}`;

export const DELETE_CONVERSATIONS = `mutation DeleteConversations($input: DeleteConversationsInput!) {
  deleteConversations(input: $input) { deletedIds }
}`;

export const AUDIT_LOG = `query AuditLog($first: Int, $after: String, $actorId: String, $action: String, $from: String, $to: String) {
  auditLog(first: $first, after: $after, actorId: $actorId, action: $action, from: $from, to: $to) {
    nodes {
      id action details createdAt
      actor { type id name deleted }
      target { type id name deleted }
      refs { type id name deleted }
    }
    hasNextPage endCursor
  }
}`;

/** The audit log's actor filter: every operator of the workspace (deactivated ones acted too). */
export const AUDIT_ACTORS = `query AuditActors { operators { id displayName email } }`;

export const AUDIT_LOG_CHANGED = `subscription AuditLogChanged { auditLogChanged { at } }`;

export const CONVERSATION_ACTIVITY = `subscription ConversationActivity($conversationId: ID!) {
  conversationActivity(conversationId: $conversationId) {
    kind conversationId
    typing { authorType name active draft }
    visitorReadSeq operatorReadSeq
    message { ${MESSAGE_FIELDS} }
  }
}`;
export const SET_TYPING = `mutation SetTyping($input: SetTypingInput!) { setTyping(input: $input) }`;
export const MARK_CONVERSATION_READ = `mutation MarkConversationRead($input: MarkConversationReadInput!) {
  markConversationRead(input: $input) { id visitorReadSeq operatorReadSeq lastSeq }
}`;
/** Issue #10: an e-mail's full HTML, fetched when the operator opens it (never pushed with every message). */
export const MESSAGE_HTML = `query MessageHtml($messageId: ID!) { messageHtml(messageId: $messageId) }`;
/** Issue #10: sends a failed e-mail or messenger reply again (it goes back to queued). */
/** Issue #10: an inbound e-mail into a new conversation of the same client. */
export const SPLIT_EMAIL_MESSAGE = `mutation SplitEmailMessage($messageId: ID!) { splitEmailMessage(messageId: $messageId) { id } }`;
/** Issue #10: an inbound e-mail into another existing conversation of the same client (same mailbox). */
export const MOVE_EMAIL_MESSAGE = `mutation MoveEmailMessage($messageId: ID!, $conversationId: ID!) { moveEmailMessage(messageId: $messageId, conversationId: $conversationId) { id } }`;
/** Issue #10: the client's recent conversations, for "Move mail into…" (the page keeps those of the same mailbox). */
export const CLIENT_MAIL_CONVERSATIONS = `query ClientMailConversations($contactId: ID!) {
  contactConversations(contactId: $contactId, first: 20) { nodes { id subject status lastMessageAt lastMessagePreview channel { id } } }
}`;
export const RETRY_MESSAGE_DELIVERY = `mutation RetryMessageDelivery($messageId: ID!) { retryMessageDelivery(messageId: $messageId) { ${MESSAGE_FIELDS} } }`;
/** Issue #10: the approved message templates of a conversation's channel (WhatsApp), for the composer once the reply window closed. */
export const MESSAGE_TEMPLATES = `query MessageTemplates($conversationId: ID!) {
  messageTemplates(conversationId: $conversationId) { name language category header body footer variableCount }
}`;
/** Issue #10: sends an approved template with its values; the stored message is the filled-in text. */
export const SEND_TEMPLATE_MESSAGE = `mutation SendTemplateMessage($input: SendTemplateMessageInput!) { sendTemplateMessage(input: $input) { ${MESSAGE_FIELDS} } }`;
export const EDIT_MESSAGE = `mutation EditMessage($input: EditMessageInput!) { editMessage(input: $input) { ${MESSAGE_FIELDS} } }`;
/** The workspace's tag vocabulary (issue #4): the inbox filters and the client's tags pick from it. */
export const TAGS = `query Tags { tags { id name color pinned } }`;
/** Issue #11 (E1): the typeahead over the workspace's tags (server search, prefix matches first). */
export const SEARCH_TAGS = `query SearchTags($query: String!, $first: Int) { searchTags(query: $query, first: $first) { id name color pinned } }`;
export const TAG_JOB_FIELDS = 'id tagId kind state oldName oldColor name color clients conversations processed total error actorName createdAt finishedAt';
/** E1: tags created, renamed, recoloured or deleted, and an admin's tag job progress — every open screen follows it. */
export const TAG_EVENTS = `subscription TagEvents { tagEvents { kind tag { id name color pinned } job { ${TAG_JOB_FIELDS} } } }`;
