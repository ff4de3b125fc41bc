import { Args, Mutation, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { ChannelEntity, ChannelObject } from '@parley/api/channels/core';
import { AuthUser, CurrentUser, Roles } from '@parley/api/platform/auth';
import { OperatorRole } from '@parley/shared/contracts';
import { UpdateWebchatChannelInput } from './dto/update-webchat-channel.input';
import { WebchatSettingsObject } from './dto/webchat-settings.object';
import { readWebchatSettings } from './webchat-settings';
import { WebchatSettingsService } from './webchat-settings.service';

/** The web chat side of `Channel`: its window settings, and the admins' mutation. */
@Resolver(() => ChannelObject)
export class WebchatSettingsResolver {
  constructor(private readonly service: WebchatSettingsService) {}

  @ResolveField(() => WebchatSettingsObject, { nullable: true, description: 'Web chat window settings; null for other channel types.' })
  webchat(@Parent() channel: ChannelObject): WebchatSettingsObject | null {
    const entity = channel as ChannelObject & Partial<Pick<ChannelEntity, 'settings'>>;
    if (channel.type !== 'webchat') return null;
    const s = readWebchatSettings(entity.settings ?? {});
    return { ...s, texts: Object.entries(s.texts).map(([language, t]) => ({ language, ...t })) };
  }

  @Roles(OperatorRole.admin)
  @Mutation(() => ChannelObject, { description: 'Admins only. BAD_USER_INPUT names the fields (extensions.field, extensions.fieldErrors).' })
  updateWebchatChannel(@CurrentUser() user: AuthUser, @Args('input') input: UpdateWebchatChannelInput): Promise<ChannelObject> {
    return this.service.update(user, input);
  }
}
