import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ChannelEntity, ChannelInboundService, ChannelsService } from '@parley/api/channels/core';
import { AppendResult, ConversationEntity, ConversationsService, mapConversationRow, Replay } from '@parley/api/conversations';
import { GroupsService } from '@parley/api/identity';
import { readWebchatRouting, routeToGroup } from './webchat-routing';
import { TokenService } from '@parley/api/platform/auth';
import { DomainException } from '@parley/api/platform/graphql';
import { ErrorCode, MessageAuthorType, WidgetSettings } from '@parley/shared/contracts';
import { batchPerTick } from '@parley/api/platform/database';
import { DataSource } from 'typeorm';
import { VisitorConversations } from './visitor-conversations';
import { VisitorEntity } from './visitor.entity';
import { widgetSettings } from './webchat-settings';
import { WebchatMailSettingsService } from './mail/webchat-mail-settings.service';
import { WEBCHAT_KIND } from './webchat.adapter';

export interface VisitorSession {
  visitor: VisitorEntity;
  channel: ChannelEntity;
  token: string;
  settings: WidgetSettings;
  conversation: ConversationEntity | null;
  /** SPEC B3: the group a chat started now would go to (data-group, page rules, default group). */
  groupId: string | null;
}

export type { VisitorTopicEvent } from './visitor-conversations';

@Injectable()
export class WebchatService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly channels: ChannelsService,
    private readonly conversations: ConversationsService,
    private readonly tokens: TokenService,
    private readonly mailSettings: WebchatMailSettingsService,
    private readonly groups: GroupsService,
    private readonly visitorConversations: VisitorConversations,
    private readonly inbound: ChannelInboundService,
  ) {}

  /** Resolves the channel and the visitor behind a `hello`; an unknown or foreign token starts a new visitor. */
  /** `beforeNewVisitor`: runs (and may throw, e.g. RATE_LIMITED) before a new visitor row is created. */
  async hello(channelKey: unknown, visitorToken: unknown, pageUrl: string | null, dataGroup: unknown = null, beforeNewVisitor?: () => Promise<void>): Promise<VisitorSession> {
    if (typeof channelKey !== 'string' || channelKey.length === 0 || channelKey.length > 100) {
      throw new DomainException(ErrorCode.UnknownChannel, 'Unknown chat channel');
    }
    const channel = await this.channels.findByPublicKey(channelKey);
    if (!channel || channel.type !== WEBCHAT_KIND) throw new DomainException(ErrorCode.UnknownChannel, 'Unknown chat channel');
    if (!channel.active) throw new DomainException(ErrorCode.ChannelInactive, 'This chat is not available right now');

    const repo = this.db.getRepository(VisitorEntity);
    const claims = typeof visitorToken === 'string' && visitorToken.length < 2000 ? this.tokens.verifyVisitorToken(visitorToken) : null;
    const known = claims && claims.channelId === channel.id ? await this.returningVisitor(claims.visitorId, channel.id, pageUrl) : null;
    if (!known && beforeNewVisitor) await beforeNewVisitor();
    const visitor = known?.visitor ?? (await repo.save(repo.create({ workspaceId: channel.workspaceId, channelId: channel.id, contactId: null, conversationId: null, lastPageUrl: pageUrl, lastSeenAt: new Date() })));
    const conversation = known?.conversation ?? null;
    return {
      visitor,
      channel,
      token: this.tokens.signVisitorToken({ visitorId: visitor.id, channelId: channel.id, workspaceId: channel.workspaceId }),
      settings: { ...widgetSettings(channel.name, channel.settings ?? {}), ...(await this.mailSettings.widgetExtras(channel.id)) },
      conversation,
      groupId: await this.routeGroup(channel, pageUrl, dataGroup),
    };
  }

  /** The group for a new chat: validated server-side (another workspace's or an unknown group is ignored). */
  private async routeGroup(channel: ChannelEntity, pageUrl: string | null, dataGroup: unknown): Promise<string | null> {
    const routing = readWebchatRouting(channel.settings);
    const requested = typeof dataGroup === 'string' && dataGroup.length <= 64 ? dataGroup : null;
    const ids = [...new Set([requested, routing.defaultGroupId, ...routing.pageRules.map((r) => r.groupId)].filter((id): id is string => !!id))];
    if (!ids.length) return null;
    const known = new Set((await this.groups.findByIds(channel.workspaceId, ids)).map((g) => g.id));
    return routeToGroup(routing, pageUrl, requested, known);
  }

  /**
   * A returning visitor in one round trip (every reconnect says hello): marks them seen and
   * returns them with their current conversation (none when it was deleted from the history).
   */
  private returningVisitor(visitorId: string, channelId: string, pageUrl: string | null): Promise<ReturningVisitor | null> {
    return this.returningLoader.load({ visitorId, channelId, pageUrl });
  }

  /**
   * The `returningVisitor` of every widget saying hello in the same tick, in one statement (a
   * crowd reconnecting after a network blip or a deploy). A visitor in the batch twice (two tabs)
   * is updated once and both get the row.
   */
  private readonly returningLoader = batchPerTick<{ visitorId: string; channelId: string; pageUrl: string | null }, ReturningVisitor | null>(async (keys) => {
    const rows: Array<{ v: Record<string, unknown>; c: Record<string, unknown> | null }> = await this.db.query(
      `WITH k AS (
         SELECT DISTINCT ON (id, channel_id) * FROM unnest($1::uuid[], $2::uuid[], $3::text[]) AS k(id, channel_id, page_url)
       ),
       v AS (
         UPDATE visitors SET last_seen_at = now(), last_page_url = COALESCE(k.page_url, visitors.last_page_url)
         FROM k WHERE visitors.id = k.id AND visitors.channel_id = k.channel_id RETURNING visitors.*
       )
       SELECT row_to_json(v) AS v, row_to_json(c) AS c
       FROM v LEFT JOIN conversations c ON c.id = v.conversation_id AND c.workspace_id = v.workspace_id AND c.deleted_at IS NULL`,
      [keys.map((k) => k.visitorId), keys.map((k) => k.channelId), keys.map((k) => k.pageUrl)],
    );
    const found = new Map(rows.map((row) => [`${row.v['id']}|${row.v['channel_id']}`, row]));
    return keys.map((k) => {
      const row = found.get(`${k.visitorId}|${k.channelId}`);
      return row ? returningFromRow(row.v, row.c) : null;
    });
  });

  /**
   * The visitor's message, stored once per clientId. The first message starts the conversation;
   * two tabs sending their first message at once still make one conversation (the visitor row is
   * locked). `knownConversationId` (the socket already follows it) skips that transaction; if the
   * conversation is gone meanwhile (deleted from the history), the message starts a new one.
   */
  async send(
    visitorId: string,
    workspaceId: string,
    clientId: string,
    body: string,
    knownConversationId?: string | null,
    groupId: string | null = null,
    attachmentIds?: unknown,
    /** Runs (and may throw, e.g. RATE_LIMITED) only when this message would start a conversation. */
    beforeStart?: (channelId: string) => Promise<void>,
  ): Promise<AppendResult & { started: boolean }> {
    if (knownConversationId) {
      try {
        return { ...this.checkAuthor(await this.append(visitorId, workspaceId, knownConversationId, clientId, body, attachmentIds), visitorId), started: false };
      } catch (e) {
        if (!(e instanceof DomainException && e.code === ErrorCode.NotFound)) throw e;
      }
    }
    // the visitor who already told who they are (pre-chat form, Parley.identify) keeps that
    // contact; otherwise the conversation starts with a new anonymous one (ChannelInboundService)
    const { conversationId, started } = await this.visitorConversations.open(visitorId, workspaceId, {
      groupId,
      beforeStart: beforeStart ? (channel) => beforeStart(channel.id) : undefined,
    });
    return { ...this.checkAuthor(await this.append(visitorId, workspaceId, conversationId, clientId, body, attachmentIds), visitorId), started };
  }

  private append(visitorId: string, workspaceId: string, conversationId: string, clientId: string, body: string, attachmentIds?: unknown): Promise<AppendResult> {
    return this.conversations.appendMessage({ workspaceId, conversationId, clientId, authorType: MessageAuthorType.visitor, authorId: visitorId, authorName: null, body, attachmentIds });
  }

  /** A clientId another author used in this conversation is not this visitor's message. */
  private checkAuthor(result: AppendResult, visitorId: string): AppendResult {
    if (result.message.authorType !== MessageAuthorType.visitor || result.message.authorId !== visitorId) {
      throw new DomainException(ErrorCode.Conflict, 'This clientId was already used');
    }
    return result;
  }

  /** SPEC B4: with auto-assignment on, a new chat goes straight to a free operator of its group. */
  assignNew(workspaceId: string, conversationId: string): Promise<boolean> {
    return this.inbound.route(workspaceId, conversationId);
  }

  /** Missed messages and edits of the ones the widget has, for a (re)connecting widget. */
  replay(workspaceId: string, conversationId: string, afterSeq: number): Promise<Replay> {
    return this.conversations.replay(workspaceId, conversationId, afterSeq);
  }
}

interface ReturningVisitor {
  visitor: VisitorEntity;
  conversation: ConversationEntity | null;
}

function returningFromRow(v: Record<string, unknown>, c: Record<string, unknown> | null): ReturningVisitor {
  const visitor = Object.assign(new VisitorEntity(), {
    id: v['id'],
    workspaceId: v['workspace_id'],
    channelId: v['channel_id'],
    contactId: v['contact_id'] ?? null,
    conversationId: v['conversation_id'] ?? null,
    lastPageUrl: v['last_page_url'] ?? null,
    createdAt: new Date(v['created_at'] as string),
    lastSeenAt: new Date(v['last_seen_at'] as string),
  });
  const conversation = c ? Object.assign(new ConversationEntity(), mapConversationRow(c)) : null;
  return { visitor, conversation };
}
