/**
 * Publish/subscribe by topic. Domain code publishes events keyed by workspace or conversation;
 * gateways and GraphQL subscriptions only authenticate and fan out.
 * In memory on one machine, Redis pub/sub when REDIS_URL is set (so several API processes share it).
 */
export type EventHandler<T = unknown> = (payload: T) => void;

export interface EventBus {
  readonly kind: 'memory' | 'redis';
  publish<T>(topic: string, payload: T): Promise<void>;
  /** Returns the function that unsubscribes. */
  subscribe<T>(topic: string, handler: EventHandler<T>): Promise<() => void>;
  close(): Promise<void>;
  /** Resolves when the bus's backend answers within `timeoutMs` (health checks), else rejects. */
  ping(timeoutMs: number): Promise<void>;
  /**
   * `listener` runs when events may have been missed: the connection to Redis was lost (events
   * published meanwhile never arrived) or a publish failed. It runs once the connection is back and
   * every topic is subscribed again, so subscribers can replay or refetch what they missed.
   * Returns the function that removes the listener.
   */
  onGap(listener: () => void): () => void;
}

export const EVENT_BUS = Symbol('EVENT_BUS');

/** Topic names in one place. */
export const Topics = {
  inbox: (workspaceId: string) => `inbox:${workspaceId}`,
  conversation: (conversationId: string) => `conversation:${conversationId}`,
  visitor: (visitorId: string) => `visitor:${visitorId}`,
  /** A channel's settings changed (connected widgets and admin screens follow it). */
  channel: (channelId: string) => `channel:${channelId}`,
  /** Any channel of the workspace was saved (admin screens follow it). */
  channels: (workspaceId: string) => `channels:${workspaceId}`,
  /**
   * Every stored operator message of every workspace (an InboxEventPayload): server-side listeners
   * only (e-mail answers to visitors who left), never fanned out to clients. Visitors' messages are
   * not published here: nothing listens for them, and they are most of the traffic.
   */
  messages: () => 'messages',
  /** Operator status, limits and group membership changed (routing, availability, admin screens). */
  operators: (workspaceId: string) => `operators:${workspaceId}`,
  /** Every workspace's operator changes ({ workspaceId }), for the router that assigns queued chats. */
  operatorsAll: 'operators:*',
  /** Issue #11: a client (contact) changed — its card, notes, tasks, a merge; the panels showing it refetch. */
  contact: (contactId: string) => `contact:${contactId}`,
  /** Issue #11 (E2): every client change of the workspace that its row shows (a ContactChangeEvent); the Clients page follows it. */
  contacts: (workspaceId: string) => `contacts:${workspaceId}`,
  /** Issue #11 (E0): the side panel's layout changed ({ workspaceId, operatorId }: one operator's, or null: the workspace's disabled widgets). */
  sidePanel: (workspaceId: string) => `side-panel:${workspaceId}`,
  /** Issue #11 (E1): the workspace's tag catalog changed (a tag created, renamed, recoloured, deleted) or a tag job progressed. */
  tags: (workspaceId: string) => `tags:${workspaceId}`,
  /** An audit entry was committed ({ workspaceId, at }); the admin's audit log refetches. */
  audit: (workspaceId: string) => `audit:${workspaceId}`,
  /** Issue #12 (E10): a catalogue feed was saved or deleted, or one of its imports progressed (Settings › Catalogue follows it). */
  catalogueFeeds: (workspaceId: string) => `catalogue-feeds:${workspaceId}`,
  /** Issue #12 (E5): the workspace's order statuses or payment types changed (Settings › Orders, the orders widget's menus). */
  orderSettings: (workspaceId: string) => `order-settings:${workspaceId}`,
  /** Issue #12 (E5): a delivery cost rule was saved, deleted or moved (Settings › Delivery refetches). */
  deliveryRules: (workspaceId: string) => `delivery-rules:${workspaceId}`,
  /** Issue #15: a workspace API key was created or revoked (Settings › API keys refetches). */
  apiKeys: (workspaceId: string) => `api-keys:${workspaceId}`,
};
