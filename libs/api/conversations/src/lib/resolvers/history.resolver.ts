import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { AuthUser, CurrentUser, RequirePermission } from '@parley/api/platform/auth';
import { Permission } from '@parley/shared/contracts';
import { DeleteConversationsInput, DeleteConversationsPayloadObject } from '../dto/history.input';
import { HistoryService } from '../services/history.service';

@Resolver()
export class HistoryResolver {
  constructor(private readonly history: HistoryService) {}

  /** Needs the delete_history right (SPEC F1; admins by default); HistoryService checks it again. */
  @RequirePermission(Permission.delete_history)
  @Mutation(() => DeleteConversationsPayloadObject, { description: 'Needs the delete_history right (admins by default). Soft-deletes conversations; they are purged after the retention period.' })
  async deleteConversations(@CurrentUser() user: AuthUser, @Args('input') input: DeleteConversationsInput): Promise<DeleteConversationsPayloadObject> {
    return { deletedIds: await this.history.deleteConversations(user, input.conversationIds) };
  }
}
