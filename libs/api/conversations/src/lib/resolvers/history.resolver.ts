import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { AuthUser, CurrentUser } from '@parley/api/platform/auth';
import { DeleteConversationsInput, DeleteConversationsPayloadObject } from '../dto/history.input';
import { HistoryService } from '../services/history.service';

@Resolver()
export class HistoryResolver {
  constructor(private readonly history: HistoryService) {}

  /** The role check lives in HistoryService (canDeleteHistory), the one place that decides it. */
  @Mutation(() => DeleteConversationsPayloadObject, { description: 'Admins only. Soft-deletes conversations; they are purged after the retention period.' })
  async deleteConversations(@CurrentUser() user: AuthUser, @Args('input') input: DeleteConversationsInput): Promise<DeleteConversationsPayloadObject> {
    return { deletedIds: await this.history.deleteConversations(user, input.conversationIds) };
  }
}
