import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { IdentityService } from '@parley/api/identity';
import { AuthUser, CurrentUser, RequirePermission, Roles } from '@parley/api/platform/auth';
import { OperatorRole, Permission } from '@parley/shared/contracts';
import { AiConnectionCheckObject, AiSettingsObject, UpdateAiSettingsInput } from './ai-settings.object';
import { AiSettingsService } from './ai-settings.service';
import { ClientSummaryRunObject, ClientSummaryStateObject, SummarizeClientInput } from './client-summary.object';
import { ClientSummaryService } from './client-summary.service';

/** Issue #11 (E7): the AI summary widget. Needs “Use AI tools” (FORBIDDEN otherwise); observers who hold it read only. */
@RequirePermission(Permission.use_ai_tools)
@Resolver(() => ClientSummaryStateObject)
export class ClientSummaryResolver {
  constructor(private readonly summaries: ClientSummaryService) {}

  @Query(() => ClientSummaryStateObject, { description: 'The client’s saved summary, its latest run and whether summaries are on. Live through contactChanged (summary_changed).' })
  clientSummary(@CurrentUser() user: AuthUser, @Args('contactId', { type: () => ID }) contactId: string): Promise<ClientSummaryStateObject> {
    return this.summaries.state(user, contactId);
  }

  @Mutation(() => ClientSummaryRunObject, {
    description: 'Summarise the client’s history (or refresh the saved summary with what came since): a queued job whose stages are live (summary_changed). One run per client: asking while one runs returns it. AI_NOT_CONFIGURED while summaries are off.',
  })
  summarizeClient(@CurrentUser() user: AuthUser, @Args('input') input: SummarizeClientInput): Promise<ClientSummaryRunObject> {
    return this.summaries.request(user, input);
  }
}

/** Settings › AI tools: admins only. */
@Roles(OperatorRole.admin)
@Resolver(() => AiSettingsObject)
export class AiSettingsResolver {
  constructor(
    private readonly settings: AiSettingsService,
    private readonly identity: IdentityService,
  ) {}

  @Query(() => AiSettingsObject)
  aiSettings(@CurrentUser() user: AuthUser): Promise<AiSettingsObject> {
    return this.settings.get(user.workspaceId);
  }

  @Mutation(() => AiSettingsObject, { description: 'Saves Settings › AI tools. BAD_USER_INPUT names the field (baseUrl, model, tokenBudget, apiKey). Audited (never the key).' })
  async updateAiSettings(@CurrentUser() user: AuthUser, @Args('input') input: UpdateAiSettingsInput): Promise<AiSettingsObject> {
    const [me] = await this.identity.findOperatorsByIds(user.workspaceId, [user.operatorId]);
    return this.settings.update({ ...user, displayName: me?.displayName ?? null }, input);
  }

  @Mutation(() => AiConnectionCheckObject, { description: 'Asks the endpoint for its models with these settings (not saved; an empty key uses the stored one).' })
  checkAiConnection(@CurrentUser() user: AuthUser, @Args('input') input: UpdateAiSettingsInput): Promise<AiConnectionCheckObject> {
    return this.settings.check(user.workspaceId, input);
  }
}
