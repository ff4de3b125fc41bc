import { ChatMessage, ConversationPriority, ConversationStatus, OperatorRole, Permission } from '@parley/shared/contracts';
import type { ConversationActivitySubscription, MessageDeliveryStatus, ConversationsQuery, InboxEventKind, LoginMutation, MeQuery, PermissionGroupsQuery, SearchQuery, TagsQuery } from './generated/graphql';

/**
 * Shapes of the operator GraphQL API (apps/api/schema.gql), as this app selects them. The enums and
 * the small shapes come from generated/graphql.ts (`npm run codegen`); the rest stay written
 * here while screens and spec fixtures build partial ones (optional fields marked so).
 */
export type { ConversationView } from './generated/graphql';

/** A workspace conversation tag (issue #4). */
export type Tag = TagsQuery['tags'][number];

export type Workspace = LoginMutation['login']['workspace'];

export interface Operator {
  id: string;
  email: string;
  displayName: string;
  role: OperatorRole;
  /** SPEC A7 switches; optional so older cached sessions and fixtures stay valid (read as on). */
  soundEnabled?: boolean;
  pushEnabled?: boolean;
  avatarUrl?: string | null;
  /** Effective rights (role defaults ∪ permission groups), SPEC F1. */
  permissions?: Permission[];
}

/** The signed-in operator's own profile (SPEC B1) and the admin operators list (SPEC B2): `me` and `operators` select the same fields. */
export type OperatorProfile = MeQuery['me'];

export type PermissionGroup = PermissionGroupsQuery['permissionGroups'][number];

export interface AuthPayload {
  accessToken: string;
  accessTokenExpiresAt: string;
  operator: Operator;
  workspace: Workspace;
}

export interface Contact {
  id: string;
  name: string | null;
  email: string | null;
  phone: string | null;
  /** SPEC C6; optional so partial selections (and older fixtures) stay valid. */
  owner?: { id: string; displayName: string } | null;
  tags?: Tag[];
}

export interface Channel {
  id: string;
  name: string;
  type: string;
  /** replyWindowHours (issue #10): replies only that long after the contact last wrote (WhatsApp: 24). */
  capabilities?: { editable: boolean; replyWindowHours?: number | null };
  /** With a reply window: how a reply still goes once it closed (WhatsApp's template), or null when it cannot. */
  replyOutsideWindow?: string | null;
}

export interface Conversation {
  id: string;
  status: ConversationStatus;
  channel: Channel;
  contact: Contact | null;
  assignee: Pick<Operator, 'id' | 'displayName'> | null;
  /** Operators invited into the conversation (SPEC B7). */
  participants?: Array<Pick<Operator, 'id' | 'displayName'>>;
  /** SPEC B3: the group it is routed to (absent in older fixtures). */
  group?: { id: string; name: string } | null;
  lastMessageAt: string;
  lastMessagePreview: string | null;
  lastSeq: number;
  /** Highest seq the visitor / an operator has read (SPEC A6). */
  visitorReadSeq: number;
  operatorReadSeq: number;
  createdAt: string;
  /** Issue #4; optional so partial selections (and older fixtures) stay valid. */
  priority?: ConversationPriority;
  snoozedUntil?: string | null;
  tags?: Tag[];
}

/** A message as the API sends it (the wire shape shared with the widget) and its author's id (SPEC A10: one's own last message can be edited). */
export type Message = ChatMessage & {
  authorId?: string | null;
  /**
   * Issue #10: where a reply sent through a provider (e-mail, Telegram, WhatsApp) is; null for
   * messages shown to their reader live (the web chat) and for inbound ones.
   */
  deliveryStatus?: MessageDeliveryStatus | null;
  /** Why the provider refused it (with deliveryStatus failed), in its words. */
  deliveryError?: string | null;
  /** Issue #10: why the newest edit did not reach the client's copy on the channel (Telegram refused it). */
  editError?: string | null;
  /** Issue #10: it has an HTML version (an e-mail), fetched with MESSAGE_HTML when opened. */
  hasHtml?: boolean;
  /** Issue #10, inbound channel messages (the thread's query only): why it is in this conversation. */
  threadedBy?: string | null;
  /** Issue #10: no person wrote it (auto-reply, bulk, bounce); nothing automatic answers it. */
  automated?: string | null;
};

export type PageInfo = ConversationsQuery['conversations']['pageInfo'];

export interface InboxEvent {
  /** conversation_removed: no longer visible to this operator (taken by another, moved to another group). */
  kind: InboxEventKind;
  conversation: Conversation;
  message: Message | null;
}

/** A piece of a search hit's text: render as text, mark the `match` pieces. */
export type HighlightSegment = SearchQuery['search']['nodes'][number]['segments'][number];

export type SearchResult = SearchQuery['search'];
export type SearchHit = SearchResult['nodes'][number];

/** `conversationActivity`: typing (with the visitor's draft), read marks and edits (SPEC A6, A10); an edited message is kept as a Message. */
export type ConversationActivity = Omit<ConversationActivitySubscription['conversationActivity'], 'message'> & { message: Message | null };
