import { Args, Context, ID, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { ConversationObject } from '@parley/api/conversations';
import { AuthUser, CurrentUser, GqlContext } from '@parley/api/platform/auth';
import { byKeys, loaderFor, notFound } from '@parley/api/platform/graphql';
import DataLoader from 'dataloader';
import { ChannelRegistry } from './adapter/channel-registry';
import { ChannelCapabilitiesObject, ChannelObject } from './channel.object';
import { ChannelsService } from './channels.service';

/** Conversations do not know channels; the channel side contributes `Conversation.channel`. */
@Resolver(() => ConversationObject)
export class ConversationChannelResolver {
  constructor(private readonly channelsService: ChannelsService) {}

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
