import { Args, Context, Mutation, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { ChannelObject } from '@parley/api/channels/core';
import { AuthUser, CurrentUser, GqlContext, Roles } from '@parley/api/platform/auth';
import { forbidden, loaderFor } from '@parley/api/platform/graphql';
import { OperatorRole } from '@parley/shared/contracts';
import DataLoader from 'dataloader';
import { UpdateWebchatMailSettingsInput, WebchatMailSettingsObject } from './webchat-mail-settings.dto';
import { WebchatMailSettingsData } from './webchat-mail-settings';
import { WebchatMailSettingsService } from './webchat-mail-settings.service';
import { WEBCHAT_KIND } from '../webchat.adapter';

/** `Channel.webchatMail` and the admins' mutation (SPEC C2, C7, C8). */
@Resolver(() => ChannelObject)
export class WebchatMailSettingsResolver {
  constructor(private readonly service: WebchatMailSettingsService) {}

  @ResolveField(() => WebchatMailSettingsObject, { nullable: true, description: 'Admins and supervisors. Offline form, notification e-mails, reply sender, consent; null for other channel types.' })
  async webchatMail(@Parent() channel: ChannelObject, @CurrentUser() user: AuthUser, @Context() ctx: GqlContext): Promise<WebchatMailSettingsData | null> {
    // field resolvers are not guarded by @Roles: checked here
    if (user.role !== OperatorRole.admin && user.role !== OperatorRole.supervisor) throw forbidden('Only admins and supervisors see the mail settings');
    if (channel.type !== WEBCHAT_KIND) return null;
    const loader = loaderFor(ctx, 'webchatMailSettings', () => new DataLoader<string, WebchatMailSettingsData>(async (ids) => {
      const map = await this.service.getMany(ids);
      return ids.map((id) => map.get(id) as WebchatMailSettingsData);
    }));
    return loader.load(channel.id);
  }

  @Roles(OperatorRole.admin)
  @Mutation(() => ChannelObject, { description: 'Admins only. BAD_USER_INPUT names the fields (extensions.field, extensions.fieldErrors). Audited.' })
  updateWebchatMailSettings(@CurrentUser() user: AuthUser, @Args('input') input: UpdateWebchatMailSettingsInput): Promise<ChannelObject> {
    return this.service.update(user, input);
  }
}
