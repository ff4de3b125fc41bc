import { Args, Context, ID, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ConversationObject, MessageObject } from '@parley/api/conversations';
import { AuthUser, CurrentUser, GqlContext } from '@parley/api/platform/auth';
import { byKeys, loaderFor, notFound } from '@parley/api/platform/graphql';
import DataLoader from 'dataloader';
import { ChannelRegistry } from './adapter/channel-registry';
import { ChannelCapabilitiesObject, ChannelObject } from './channel.object';
import { ChannelsService } from './channels.service';
import { ChannelEntity } from './channel.entity';

/** Conversations do not know channels; the channel side contributes `Conversation.channel`. */
@Resolver(() => ConversationObject)
export class ConversationChannelResolver {
  constructor(
    private readonly channelsService: ChannelsService,
    @InjectDataSource() private readonly db: DataSource,
  ) {}

  @ResolveField(() => Date, { nullable: true, description: "Issue #10: when the contact last wrote in this conversation (a reply window, e.g. WhatsApp's 24 hours, counts from it); null when never." })
  async lastInboundAt(@Parent() conversation: ConversationObject, @Context() ctx: GqlContext): Promise<Date | null> {
    const loader = loaderFor(ctx, 'lastInboundAt', () =>
      new DataLoader<string, Date | null>(async (ids) => {
        // the newest visitor message of each conversation, by the (conversation_id, seq) index from its end
        const rows: Array<{ id: string; at: Date | null }> = await this.db.query(
          `SELECT c.id, (SELECT m.created_at FROM messages m WHERE m.conversation_id = c.id AND m.author_type = 'visitor' ORDER BY m.seq DESC LIMIT 1) AS at
             FROM unnest($1::uuid[]) AS c(id)`,
          [ids],
        );
        const byId = new Map(rows.map((r) => [r.id, r.at]));
        return ids.map((id) => byId.get(id) ?? null);
      }),
    );
    return loader.load(conversation.id);
  }

  @ResolveField(() => ChannelObject)
  async channel(@Parent() conversation: ConversationObject, @CurrentUser() user: AuthUser, @Context() ctx: GqlContext): Promise<ChannelObject> {
    const loader = loaderFor(ctx, 'channels', () => new DataLoader<string, ChannelObject | null>(async (ids) => byKeys(ids, await this.channelsService.findByIds(user.workspaceId, ids), (c) => c.id)));
    const channel = await loader.load(conversation.channelId);
    if (!channel) throw new Error(`channel ${conversation.channelId} of conversation ${conversation.id} is missing`);
    return channel;
  }
}

@Resolver(() => ChannelObject)
export class ChannelsResolver {
  constructor(
    private readonly channelsService: ChannelsService,
    private readonly registry: ChannelRegistry,
  ) {}

  @ResolveField(() => ChannelCapabilitiesObject)
  capabilities(@Parent() channel: ChannelObject): ChannelCapabilitiesObject {
    return this.registry.capabilitiesOf(channel.type);
  }

  @ResolveField(() => String, {
    nullable: true,
    description: "For a kind with a reply window: how a reply still goes once it closed on this channel (e.g. inside WhatsApp's approved template), or null when it cannot.",
  })
  replyOutsideWindow(@Parent() channel: ChannelObject & Partial<Pick<ChannelEntity, 'settings'>>): string | null {
    if (!this.registry.has(channel.type)) return null;
    const adapter = this.registry.get(channel.type);
    if (!adapter.capabilities.replyWindowHours || !adapter.replyOutsideWindow) return null;
    return adapter.replyOutsideWindow(channel.settings ?? {});
  }

  @ResolveField(() => String, { description: 'How the channel kind is named to people ("Web chat"); the type for a kind Parley cannot serve yet.' })
  kindName(@Parent() channel: ChannelObject): string {
    return this.registry.displayNameOf(channel.type);
  }

  @Query(() => [ChannelObject])
  channels(@CurrentUser() user: AuthUser): Promise<ChannelObject[]> {
    return this.channelsService.list(user.workspaceId);
  }

  @Query(() => ChannelObject, { description: 'One channel of the workspace; NOT_FOUND otherwise.' })
  async channel(@CurrentUser() user: AuthUser, @Args('id', { type: () => ID }) id: string): Promise<ChannelObject> {
    const channel = await this.channelsService.findById(user.workspaceId, id);
    if (!channel) throw notFound('Channel');
    return channel;
  }
}

/** How an inbound message came to its conversation, and whether a person wrote it (issue #10). */
interface InboundRef {
  threadedBy: string | null;
  automated: string | null;
}

/** Issue #10: what the channel recorded about an inbound message, for the agent (not sent with inbox events). */
@Resolver(() => MessageObject)
export class MessageChannelRefResolver {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  private ref(ctx: GqlContext, messageId: string): Promise<InboundRef | null> {
    const loader = loaderFor(ctx, 'inboundRefs', () =>
      new DataLoader<string, InboundRef | null>(async (ids) => {
        const rows: Array<{ message_id: string; threaded_by: string | null; automated: string | null }> = await this.db.query(
          `SELECT message_id, threaded_by, automated FROM channel_message_refs WHERE message_id = ANY($1::uuid[]) AND direction = 'in'`,
          [ids],
        );
        const byId = new Map(rows.map((r) => [r.message_id, { threadedBy: r.threaded_by, automated: r.automated }]));
        return ids.map((id) => byId.get(id) ?? null);
      }),
    );
    return loader.load(messageId);
  }

  @ResolveField(() => String, {
    nullable: true,
    description: "Why an inbound channel message is in this conversation: reply (it answers a message of it), reply_address (it was sent to the conversation's signed e-mail reply address), open (the sender's open conversation), new (it started one); null for others.",
  })
  async threadedBy(@Parent() m: MessageObject, @Context() ctx: GqlContext): Promise<string | null> {
    return (await this.ref(ctx, m.id))?.threadedBy ?? null;
  }

  @ResolveField(() => String, { nullable: true, description: 'Set when no person wrote it: auto-reply, bulk or bounce (nothing automatic answers it).' })
  async automated(@Parent() m: MessageObject, @Context() ctx: GqlContext): Promise<string | null> {
    return (await this.ref(ctx, m.id))?.automated ?? null;
  }
}
