import { Args, Context, Mutation, Resolver } from '@nestjs/graphql';
import { AuthUser, CurrentUser, GqlContext, OperatorOnly, requestIp } from '@parley/api/platform/auth';
import { AppConfig } from '@parley/api/platform/config';
import { OperatorObject } from '../dto/operator.object';
import { ChangeEmailInput, ChangePasswordInput, SetAvatarInput, UpdateProfileInput } from '../dto/profile.input';
import { ProfileService } from '../services/profile.service';
import { readCookie, REFRESH_COOKIE } from './session-cookie';

/** SPEC B1: every signed-in operator edits their own profile (never a workspace API key, issue #15). */
@OperatorOnly()
@Resolver()
export class ProfileResolver {
  constructor(
    private readonly profile: ProfileService,
    private readonly config: AppConfig,
  ) {}

  @Mutation(() => OperatorObject, { description: 'Display name, sound and push switches, languages; omitted fields stay.' })
  updateProfile(@CurrentUser() user: AuthUser, @Args('input') input: UpdateProfileInput): Promise<OperatorObject> {
    return this.profile.update(user, input);
  }

  @Mutation(() => OperatorObject, { description: 'The login e-mail; needs the current password (INVALID_CREDENTIALS when wrong).' })
  changeEmail(@CurrentUser() user: AuthUser, @Args('input') input: ChangeEmailInput, @Context() ctx: GqlContext): Promise<OperatorObject> {
    return this.profile.changeEmail(user, input.email, input.currentPassword, requestIp(ctx.req, this.config.trustProxy));
  }

  @Mutation(() => Boolean, { description: "Needs the current password (limited like sign-in: RATE_LIMITED / TOO_MANY_ATTEMPTS); ends the operator's other sessions at once, this one stays signed in." })
  changePassword(@CurrentUser() user: AuthUser, @Args('input') input: ChangePasswordInput, @Context() ctx: GqlContext): Promise<boolean> {
    return this.profile.changePassword(user, input.currentPassword, input.newPassword, readCookie(ctx, REFRESH_COOKIE), requestIp(ctx.req, this.config.trustProxy));
  }

  @Mutation(() => OperatorObject, { description: 'A 50×50 PNG, JPEG or WebP of at most 64 KB, checked by content; avatarUrl becomes a cache-busted URL.' })
  setAvatar(@CurrentUser() user: AuthUser, @Args('input') input: SetAvatarInput): Promise<OperatorObject> {
    return this.profile.setAvatar(user, input.data);
  }

  @Mutation(() => OperatorObject)
  removeAvatar(@CurrentUser() user: AuthUser): Promise<OperatorObject> {
    return this.profile.removeAvatar(user);
  }
}
