import { Inject, Injectable, Module } from '@nestjs/common';
import { ChannelInboundModule, ChannelInboundService, InboundChannel, InboundConversation, InboundCurrent, InboundOpenOptions } from '@parley/api/channels/core';
import { DomainException } from '@parley/api/platform/graphql';
import { EVENT_BUS, EventBus, Topics } from '@parley/api/platform/realtime';
import { ErrorCode } from '@parley/shared/contracts';
import { EntityManager } from 'typeorm';

/** Published on Topics.visitor(id) when a visitor's conversation starts, so their other tabs follow it. */
export interface VisitorTopicEvent {
  kind: 'conversation_started';
  conversationId: string;
}

/** The visitor row as the inbound flow reads it under its lock. */
export interface VisitorRow {
  conversationId: string | null;
  contactId: string | null;
  /** The conversation's status (null without one). */
  status: string | null;
  channel: InboundChannel;
}

export interface VisitorOpenOptions extends Omit<InboundOpenOptions, 'current'> {
  /**
   * What the visitor has now, from their locked row: by default their conversation (unless it was
   * deleted from the history) and the contact they already are. The bot and the offline form say
   * otherwise (a closed chat the bot restarts, a form that always starts a new conversation).
   */
  current?: (m: EntityManager, visitor: VisitorRow) => Promise<InboundCurrent> | InboundCurrent;
}

/**
 * The web chat's use of the one inbound flow (ChannelInboundService): the visitor is the sender
 * (their id is the channel identity), their visitor row is the lock and the record of their
 * current conversation. Every way a visitor starts a chat — a first message, the bot's start, the
 * offline form — goes through `open`; after a start the visitor's other tabs hear of it.
 */
@Injectable()
export class VisitorConversations {
  constructor(
    private readonly inbound: ChannelInboundService,
    @Inject(EVENT_BUS) private readonly bus: EventBus,
  ) {}

  async open(visitorId: string, workspaceId: string, options: VisitorOpenOptions = {}): Promise<InboundConversation> {
    const { current, onStart, ...rest } = options;
    const opened = await this.inbound.open(
      { workspaceId, externalId: visitorId },
      {
        ...rest,
        current: async (m) => {
          const visitor = await this.lockVisitor(m, visitorId, workspaceId);
          return current ? current(m, visitor) : { conversationId: visitor.conversationId, contactId: visitor.contactId, channel: visitor.channel };
        },
        onStart: async (m, started) => {
          await m.query(`UPDATE visitors SET conversation_id = $2, contact_id = $3 WHERE id = $1`, [visitorId, started.conversationId, started.contactId]);
          if (onStart) await onStart(m, started);
        },
      },
    );
    if (opened.started) await this.bus.publish<VisitorTopicEvent>(Topics.visitor(visitorId), { kind: 'conversation_started', conversationId: opened.conversationId });
    return opened;
  }

  /**
   * Lock first, read after: under READ COMMITTED a statement that waited for the lock re-reads the
   * locked row but keeps its joins from the snapshot taken before the wait, so a join there would
   * miss the conversation another tab just started (issue #16). A conversation an admin deleted
   * from the history no longer counts: the next message starts a new one.
   */
  private async lockVisitor(m: EntityManager, visitorId: string, workspaceId: string): Promise<VisitorRow> {
    const [locked] = await m.query(`SELECT id FROM visitors WHERE id = $1 AND workspace_id = $2 FOR UPDATE`, [visitorId, workspaceId]);
    if (!locked) throw new DomainException(ErrorCode.NotFound, 'Visitor not found');
    const [v] = await m.query(
      `SELECT c.id AS conversation_id, c.status, v.contact_id, v.channel_id, ch.type AS channel_type, ch.settings AS channel_settings FROM visitors v
       JOIN channels ch ON ch.id = v.channel_id
       LEFT JOIN conversations c ON c.id = v.conversation_id AND c.deleted_at IS NULL
       WHERE v.id = $1`,
      [visitorId],
    );
    return {
      conversationId: (v.conversation_id as string | null) ?? null,
      contactId: (v.contact_id as string | null) ?? null,
      status: (v.status as string | null) ?? null,
      channel: { id: v.channel_id, type: v.channel_type, settings: v.channel_settings },
    };
  }
}

/** Imported by the web chat's modules (the gateway's, the mail one with the offline form). */
@Module({ imports: [ChannelInboundModule], providers: [VisitorConversations], exports: [VisitorConversations, ChannelInboundModule] })
export class VisitorConversationsModule {}
