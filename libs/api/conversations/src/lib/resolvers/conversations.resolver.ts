import { Args, Context, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { ContactObject, ContactsService } from '@parley/api/contacts';
import { IdentityService, OperatorObject } from '@parley/api/identity';
import { AuthUser, CurrentUser, GqlContext } from '@parley/api/platform/auth';
import { byKeys, loaderFor } from '@parley/api/platform/graphql';
import { ConversationStatus } from '@parley/shared/contracts';
import { plainToInstance } from 'class-transformer';
import { validateOrReject, ValidationError } from 'class-validator';
import DataLoader from 'dataloader';
import { BadRequestException } from '@nestjs/common';
import {
  CloseConversationInput,
  ConversationView,
  ListConversationsArgs,
  SendMessageInput,
  TakeConversationInput,
} from '../dto/conversation.input';
import { ConversationConnectionObject, ConversationObject, MessageObject, MessagePageObject } from '../dto/conversation.object';
import { ConversationsService } from '../services/conversations.service';
import { AssignmentService } from '../routing/assignment.service';
import { ConversationFilterInput } from '../dto/inbox-views.input';
import { InboxQueryService } from '../services/inbox-query.service';

@Resolver(() => ConversationObject)
export class ConversationsResolver {
  constructor(
    private readonly service: ConversationsService,
    private readonly contacts: ContactsService,
    private readonly identity: IdentityService,
    private readonly assignment: AssignmentService,
    private readonly inbox: InboxQueryService,
  ) {}

  @Query(() => ConversationConnectionObject, { description: 'Sorted by last activity, newest first; keyset pagination with after = pageInfo.endCursor. `status` is the older spelling of filter.status.' })
  async conversations(
    @CurrentUser() user: AuthUser,
    @Args('view', { type: () => ConversationView, defaultValue: ConversationView.all }) view: ConversationView,
    @Args('status', { type: () => ConversationStatus, nullable: true }) status: ConversationStatus | undefined,
    @Args('first', { type: () => Int, defaultValue: 30 }) first: number,
    @Args('after', { type: () => String, nullable: true }) after: string | undefined,
    @Args('filter', { type: () => ConversationFilterInput, nullable: true }) filter: ConversationFilterInput | undefined,
  ): Promise<ConversationConnectionObject> {
    const args = await validated(ListConversationsArgs, { view, status: status ?? undefined, first, after: after ?? undefined });
    const page = await this.inbox.list(user, args.view, { ...filter, ...(args.status ? { status: args.status } : {}) }, args.first, args.after);
    return { nodes: page.nodes, pageInfo: { hasNextPage: page.hasNextPage, endCursor: page.endCursor } };
  }

  @Query(() => ConversationObject)
  conversation(@CurrentUser() user: AuthUser, @Args('id', { type: () => ID }) id: string): Promise<ConversationObject> {
    return this.service.getForOperator(user, id);
  }

  @Query(() => String, { nullable: true, description: 'Issue #10: the sanitised HTML of a message (an e-mail), null when it has none. Untrusted still: render it sandboxed. NOT_FOUND unless the caller may see its conversation.' })
  messageHtml(@CurrentUser() user: AuthUser, @Args('messageId', { type: () => ID }) messageId: string): Promise<string | null> {
    return this.service.messageHtml(user, messageId);
  }

  @Query(() => MessagePageObject, { description: 'The newest `last` messages with seq < beforeSeq (all when omitted), oldest first.' })
  messages(
    @CurrentUser() user: AuthUser,
    @Args('conversationId', { type: () => ID }) conversationId: string,
    @Args('beforeSeq', { type: () => Int, nullable: true }) beforeSeq: number | undefined,
    @Args('last', { type: () => Int, defaultValue: 50 }) last: number,
  ): Promise<MessagePageObject> {
    return this.service.messages(user, conversationId, beforeSeq ?? undefined, last);
  }

  @Mutation(() => MessageObject, { description: 'Idempotent on clientId. Replying to a queued conversation takes it.' })
  sendMessage(@CurrentUser() user: AuthUser, @Args('input') input: SendMessageInput): Promise<MessageObject> {
    return this.service.sendAsOperator(user, input.conversationId, input.clientId, input.body, input.attachmentIds ?? undefined);
  }

  @Mutation(() => ConversationObject)
  takeConversation(@CurrentUser() user: AuthUser, @Args('input') input: TakeConversationInput): Promise<ConversationObject> {
    return this.service.take(user, input.conversationId);
  }

  @Mutation(() => ConversationObject)
  async closeConversation(@CurrentUser() user: AuthUser, @Args('input') input: CloseConversationInput): Promise<ConversationObject> {
    const closed = await this.service.close(user, input.conversationId);
    // a place freed up below the operator's limit (SPEC B5): the queue may move
    await this.assignment.drain(user.workspaceId);
    return closed;
  }

  @ResolveField(() => ContactObject, { nullable: true })
  contact(@Parent() c: ConversationObject, @CurrentUser() user: AuthUser, @Context() ctx: GqlContext): Promise<ContactObject | null> {
    return loaderFor(ctx, 'contacts', () => new DataLoader<string, ContactObject | null>(async (ids) => byKeys(ids, await this.contacts.findByIds(user.workspaceId, ids), (r) => r.id))).load(c.contactId);
  }

  @ResolveField(() => OperatorObject, { nullable: true })
  async assignee(@Parent() c: ConversationObject, @CurrentUser() user: AuthUser, @Context() ctx: GqlContext): Promise<OperatorObject | null> {
    if (!c.assigneeId) return null;
    return loaderFor(ctx, 'operators', () => new DataLoader<string, OperatorObject | null>(async (ids) => byKeys(ids, await this.identity.findOperatorsByIds(user.workspaceId, ids), (r) => r.id))).load(c.assigneeId);
  }
}

/** Validates plain query arguments with the same class-validator rules as input types. */
async function validated<T extends object>(cls: new () => T, plain: object): Promise<T> {
  const instance = plainToInstance(cls, plain);
  try {
    await validateOrReject(instance, { whitelist: true, forbidUnknownValues: false });
  } catch (errors) {
    const messages = (errors as ValidationError[]).flatMap((e) => Object.values(e.constraints ?? {}));
    throw new BadRequestException(messages);
  }
  return instance;
}
