import { Args, Context, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { AuthUser, CurrentUser, GqlContext } from '@parley/api/platform/auth';
import { loaderFor } from '@parley/api/platform/graphql';
import DataLoader from 'dataloader';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ConversationObject } from '../dto/conversation.object';
import {
  BulkAssignInput,
  BulkConversationsInput,
  BulkTagInput,
  ConversationRefInput,
  CreateTagInput,
  SaveFilterInput,
  SetConversationPriorityInput,
  SnoozeConversationInput,
  UntagConversationInput,
} from '../dto/inbox-views.input';
import { BulkResultObject, SavedFilterObject, TagObject, ViewCountObject } from '../dto/inbox-views.object';
import { InboxActionsService } from '../services/inbox-actions.service';
import { InboxQueryService } from '../services/inbox-query.service';

/** Issue #4: badges, statuses, snooze, priority, tags, bulk actions and saved filters. */
@Resolver(() => ConversationObject)
export class InboxViewsResolver {
  constructor(
    private readonly query: InboxQueryService,
    private readonly actions: InboxActionsService,
    @InjectDataSource() private readonly db: DataSource,
  ) {}

  @Query(() => [ViewCountObject], { description: 'Unread conversations per view (badges); refetch on inboxEvent.' })
  inboxCounts(@CurrentUser() user: AuthUser): Promise<ViewCountObject[]> {
    return this.query.unreadCounts(user);
  }

  @Query(() => [TagObject], { name: 'tags', description: "The workspace's conversation tags, by name." })
  workspaceTags(@CurrentUser() user: AuthUser): Promise<TagObject[]> {
    return this.actions.tags(user);
  }

  @Query(() => [SavedFilterObject], { description: "The caller's saved filters, by name." })
  savedFilters(@CurrentUser() user: AuthUser): Promise<SavedFilterObject[]> {
    return this.actions.savedFilters(user);
  }

  @Mutation(() => ConversationObject, { description: 'Pending: waiting for the client (SPEC A5). Takes an unassigned one.' })
  markConversationPending(@CurrentUser() user: AuthUser, @Args('input') input: ConversationRefInput): Promise<ConversationObject> {
    return this.actions.markPending(user, input.conversationId);
  }

  @Mutation(() => ConversationObject, { description: 'Closed or pending → open (queued when unassigned).' })
  reopenConversation(@CurrentUser() user: AuthUser, @Args('input') input: ConversationRefInput): Promise<ConversationObject> {
    return this.actions.reopen(user, input.conversationId);
  }

  @Mutation(() => ConversationObject, { description: 'Leaves the views until `until` (future, at most 365 days); a visitor message wakes it earlier.' })
  snoozeConversation(@CurrentUser() user: AuthUser, @Args('input') input: SnoozeConversationInput): Promise<ConversationObject> {
    return this.actions.snooze(user, input.conversationId, input.until);
  }

  @Mutation(() => ConversationObject)
  unsnoozeConversation(@CurrentUser() user: AuthUser, @Args('input') input: ConversationRefInput): Promise<ConversationObject> {
    return this.actions.unsnooze(user, input.conversationId);
  }

  @Mutation(() => ConversationObject)
  setConversationPriority(@CurrentUser() user: AuthUser, @Args('input') input: SetConversationPriorityInput): Promise<ConversationObject> {
    return this.actions.setPriority(user, input.conversationId, input.priority);
  }

  @Mutation(() => TagObject, { description: 'The tag with this name (case-insensitive), created (random colour) when missing — creating needs the "Create tags" right (FORBIDDEN otherwise).' })
  createTag(@CurrentUser() user: AuthUser, @Args('input') input: CreateTagInput): Promise<TagObject> {
    return this.actions.createTag(user, input.name);
  }

  @Mutation(() => ConversationObject)
  untagConversation(@CurrentUser() user: AuthUser, @Args('input') input: UntagConversationInput): Promise<ConversationObject> {
    return this.actions.untag(user, input.conversationId, input.tagId);
  }

  @Mutation(() => BulkResultObject)
  bulkAssignConversations(@CurrentUser() user: AuthUser, @Args('input') input: BulkAssignInput): Promise<BulkResultObject> {
    return this.actions.bulkAssign(user, input.conversationIds, input.assigneeId);
  }

  @Mutation(() => BulkResultObject)
  bulkCloseConversations(@CurrentUser() user: AuthUser, @Args('input') input: BulkConversationsInput): Promise<BulkResultObject> {
    return this.actions.bulkClose(user, input.conversationIds);
  }

  @Mutation(() => BulkResultObject)
  bulkTagConversations(@CurrentUser() user: AuthUser, @Args('input') input: BulkTagInput): Promise<BulkResultObject> {
    return this.actions.bulkTag(user, input.conversationIds, input.tagId);
  }

  @Mutation(() => SavedFilterObject)
  saveFilter(@CurrentUser() user: AuthUser, @Args('input') input: SaveFilterInput): Promise<SavedFilterObject> {
    return this.actions.saveFilter(user, input);
  }

  @Mutation(() => ID, { description: "Deletes one of the caller's saved filters; returns its id." })
  deleteSavedFilter(@CurrentUser() user: AuthUser, @Args('id', { type: () => ID }) id: string): Promise<string> {
    return this.actions.deleteSavedFilter(user, id);
  }

  @ResolveField('tags', () => [TagObject])
  conversationTags(@Parent() c: ConversationObject, @CurrentUser() user: AuthUser, @Context() ctx: GqlContext): Promise<TagObject[]> {
    return loaderFor(ctx, 'conversationTags', () =>
      new DataLoader<string, TagObject[]>(async (ids) => {
        const rows: Array<{ conversation_id: string; id: string; name: string; color: string }> = await this.db.query(
          `SELECT ct.conversation_id, t.id, t.name, t.color FROM conversation_tags ct JOIN tags t ON t.id = ct.tag_id
           WHERE ct.conversation_id = ANY($1::uuid[]) AND ct.workspace_id = $2 ORDER BY lower(t.name)`,
          [ids, user.workspaceId],
        );
        return ids.map((id) => rows.filter((r) => r.conversation_id === id).map((r) => ({ id: r.id, name: r.name, color: r.color, pinned: false })));
      }),
    ).load(c.id);
  }
}
