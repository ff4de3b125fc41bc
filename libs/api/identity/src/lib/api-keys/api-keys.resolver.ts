import { Inject } from '@nestjs/common';
import { Args, ID, Mutation, Query, Resolver, Subscription } from '@nestjs/graphql';
import { AuthUser, CurrentUser, OperatorOnly, Roles } from '@parley/api/platform/auth';
import { createAsyncQueue, EVENT_BUS, EventBus, Topics } from '@parley/api/platform/realtime';
import { OperatorRole } from '@parley/shared/contracts';
import { ApiKeyObject, CreateApiKeyInput, CreatedApiKeyObject } from './api-key.object';
import { ApiKeysService } from './api-keys.service';

/** Issue #15: Settings › API keys — admins only, and never with an API key itself. */
@OperatorOnly()
@Roles(OperatorRole.admin)
@Resolver(() => ApiKeyObject)
export class ApiKeysResolver {
  constructor(
    private readonly service: ApiKeysService,
    @Inject(EVENT_BUS) private readonly bus: EventBus,
  ) {}

  @Query(() => [ApiKeyObject], { description: "Admins only. The workspace's API keys, active ones first, newest first (revoked ones stay listed)." })
  apiKeys(@CurrentUser() user: AuthUser): Promise<ApiKeyObject[]> {
    return this.service.list(user.workspaceId);
  }

  @Mutation(() => CreatedApiKeyObject, { description: 'Admins only; audited. The answer holds the plaintext key, shown this once: only its hash is stored. BAD_USER_INPUT (field name or scopes).' })
  createApiKey(@CurrentUser() user: AuthUser, @Args('input') input: CreateApiKeyInput): Promise<CreatedApiKeyObject> {
    return this.service.create(user, input.name, input.scopes);
  }

  @Mutation(() => ApiKeyObject, { description: 'Admins only; audited. The key is refused from its next request on, in every API process.' })
  revokeApiKey(@CurrentUser() user: AuthUser, @Args('id', { type: () => ID }) id: string): Promise<ApiKeyObject> {
    return this.service.revoke(user, id);
  }

  @Subscription(() => Boolean, { description: 'Admins only. A key was created or revoked in the workspace: refetch apiKeys.', resolve: () => true })
  async apiKeysChanged(@CurrentUser() user: AuthUser): Promise<AsyncIterableIterator<unknown>> {
    let off: () => void = () => undefined;
    const queue = createAsyncQueue<unknown>(() => off());
    off = await this.bus.subscribe<unknown>(Topics.apiKeys(user.workspaceId), (e) => queue.push(e));
    return queue.iterator;
  }
}
