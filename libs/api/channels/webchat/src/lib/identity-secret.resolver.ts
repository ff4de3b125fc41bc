import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { AuthUser, CurrentUser, Roles } from '@parley/api/platform/auth';
import { OperatorRole } from '@parley/shared/contracts';
import { IdentitySecretService } from './identity-secret.service';

/** The channel identity secret for Parley.identify (the Visit widget's data lives in the visits domain). */
@Resolver()
export class IdentitySecretResolver {
  constructor(private readonly secrets: IdentitySecretService) {}

  @Roles(OperatorRole.admin)
  @Query(() => String, { description: 'Admins only. The secret the site uses to sign Parley.identify (HMAC-SHA256 of externalId or email); created on first read.' })
  webchatIdentitySecret(@CurrentUser() user: AuthUser, @Args('channelId', { type: () => ID }) channelId: string): Promise<string> {
    return this.secrets.get(user, channelId);
  }

  @Roles(OperatorRole.admin)
  @Mutation(() => String, { description: 'Admins only. A new identity secret; hashes made with the old one stop verifying. Audited.' })
  regenerateWebchatIdentitySecret(@CurrentUser() user: AuthUser, @Args('channelId', { type: () => ID }) channelId: string): Promise<string> {
    return this.secrets.regenerate(user, channelId);
  }
}
