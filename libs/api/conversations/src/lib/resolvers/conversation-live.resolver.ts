import { Inject } from '@nestjs/common';
import { Args, ID, Mutation, Resolver, Subscription } from '@nestjs/graphql';
import { AuthUser, CurrentUser } from '@parley/api/platform/auth';
import { createAsyncQueue, EVENT_BUS, EventBus, Topics } from '@parley/api/platform/realtime';
import { ConversationActivityObject } from '../dto/conversation-activity.object';
import { EditMessageInput, MarkConversationReadInput, SetTypingInput } from '../dto/conversation-live.input';
import { ConversationObject, MessageObject } from '../dto/conversation.object';
import { ConversationActivityEvent, isActivityEvent, shouldDeliverActivity } from '../services/conversation-activity';
import { ConversationLiveService } from '../services/conversation-live.service';
import { ConversationsService } from '../services/conversations.service';
import { reviveMessage } from './inbox-subscription.resolver';

function toActivity(e: ConversationActivityEvent): ConversationActivityObject {
  return {
    kind: e.kind,
    conversationId: e.conversationId,
    typing: e.typing ? { authorType: e.typing.authorType, name: e.typing.name, active: e.typing.active, draft: e.typing.draft } : null,
    visitorReadSeq: e.visitorReadSeq ?? null,
    operatorReadSeq: e.operatorReadSeq ?? null,
    message: e.message ? reviveMessage(e.message) : null,
  };
}

/** SPEC A6 / A10 for operators: typing, read marks, editing, and the live activity of one conversation. */
@Resolver(() => ConversationActivityObject)
export class ConversationLiveResolver {
  constructor(
    private readonly live: ConversationLiveService,
    private readonly conversations: ConversationsService,
    @Inject(EVENT_BUS) private readonly bus: EventBus,
  ) {}

  @Mutation(() => Boolean, { description: 'The caller is (active) or stopped (inactive) typing in the conversation; not stored.' })
  setTyping(@CurrentUser() user: AuthUser, @Args('input') input: SetTypingInput): Promise<boolean> {
    return this.live.operatorTyping(user, input.conversationId, input.active);
  }

  @Mutation(() => ConversationObject, { description: 'Operators have read up to seq (only moves forward). Observers: FORBIDDEN.' })
  markConversationRead(@CurrentUser() user: AuthUser, @Args('input') input: MarkConversationReadInput): Promise<ConversationObject> {
    return this.live.markReadByOperator(user, input.conversationId, input.seq);
  }

  @Mutation(() => MessageObject, { description: "Edits the caller's own last message in its conversation, within 15 minutes." })
  editMessage(@CurrentUser() user: AuthUser, @Args('input') input: EditMessageInput): Promise<MessageObject> {
    return this.live.editAsOperator(user, input.messageId, input.body);
  }

  @Subscription(() => ConversationActivityObject, {
    description: 'Typing (with the visitor draft), read marks and edits of one conversation the caller may see.',
    resolve: (e: ConversationActivityEvent) => toActivity(e),
  })
  async conversationActivity(
    @CurrentUser() user: AuthUser,
    @Args('conversationId', { type: () => ID }) conversationId: string,
  ): Promise<AsyncIterableIterator<ConversationActivityEvent>> {
    const conversation = await this.conversations.getForOperator(user, conversationId);
    const viewer = await this.conversations.viewer(user, conversation);
    let off: () => void = () => undefined;
    const queue = createAsyncQueue<ConversationActivityEvent>(() => off());
    off = await this.bus.subscribe<{ kind: string }>(Topics.conversation(conversationId), (e) => {
      if (isActivityEvent(e) && shouldDeliverActivity(viewer, e)) queue.push(e);
    });
    return queue.iterator;
  }
}
