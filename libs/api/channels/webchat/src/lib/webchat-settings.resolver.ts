import { Inject } from '@nestjs/common';
import { Args, Mutation, Parent, ResolveField, Resolver, Subscription } from '@nestjs/graphql';
import { createAsyncQueue, EVENT_BUS, EventBus, Topics } from '@parley/api/platform/realtime';
import { ChannelEntity, ChannelObject } from '@parley/api/channels/core';
import { AuthUser, CurrentUser, Roles } from '@parley/api/platform/auth';
import { OperatorRole, WebchatLanguage } from '@parley/shared/contracts';
import { UpdateWebchatChannelInput } from './dto/update-webchat-channel.input';
import { WebchatSettingsObject } from './dto/webchat-settings.object';
import { readWebchatSettings } from './webchat-settings';
import { ChannelUpdatedPayload, WebchatSettingsService } from './webchat-settings.service';
import { WEBCHAT_KIND } from './webchat.adapter';

/** The web chat side of `Channel`: its window settings, and the admins' mutation. */
@Resolver(() => ChannelObject)
export class WebchatSettingsResolver {
  constructor(
    private readonly service: WebchatSettingsService,
    @Inject(EVENT_BUS) private readonly bus: EventBus,
  ) {}

  @ResolveField(() => WebchatSettingsObject, { nullable: true, description: 'Web chat window settings; null for other channel types.' })
  webchat(@Parent() channel: ChannelObject): WebchatSettingsObject | null {
    const entity = channel as ChannelObject & Partial<Pick<ChannelEntity, 'settings'>>;
    if (channel.type !== WEBCHAT_KIND) return null;
    const s = readWebchatSettings(entity.settings ?? {});
    // readWebchatSettings keeps only WEBCHAT_LANGUAGES (the WebchatLanguage enum)
    return { ...s, defaultLanguage: s.defaultLanguage as WebchatLanguage, texts: Object.entries(s.texts).map(([language, t]) => ({ language: language as WebchatLanguage, ...t })), acquisition: { tag: s.acquisition.tagName, ownerId: s.acquisition.ownerId } };
  }

  @Roles(OperatorRole.admin)
  @Mutation(() => ChannelObject, { description: 'Admins only. BAD_USER_INPUT names the fields (extensions.field, extensions.fieldErrors).' })
  updateWebchatChannel(@CurrentUser() user: AuthUser, @Args('input') input: UpdateWebchatChannelInput): Promise<ChannelObject> {
    return this.service.update(user, input);
  }

  @Subscription(() => ChannelObject, { description: "A channel of the caller's workspace was saved (every signed-in role).", resolve: (p: ChannelUpdatedPayload) => p })
  async channelUpdated(@CurrentUser() user: AuthUser): Promise<AsyncIterableIterator<ChannelUpdatedPayload>> {
    let off: () => void = () => undefined;
    const queue = createAsyncQueue<ChannelUpdatedPayload>(() => off());
    off = await this.bus.subscribe<ChannelUpdatedPayload>(Topics.channels(user.workspaceId), (e) => {
      if (e.workspaceId === user.workspaceId) queue.push(e);
    });
    return queue.iterator;
  }
}
