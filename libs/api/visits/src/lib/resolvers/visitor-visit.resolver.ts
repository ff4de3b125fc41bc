import { Args, ID, Query, Resolver } from '@nestjs/graphql';
import { ConversationsService } from '@parley/api/conversations';
import { AuthUser, CurrentUser } from '@parley/api/platform/auth';
import { VisitorCartObject, VisitorVisitObject } from '../dto/visitor-visit.object';
import { VisitsService } from '../services/visits.service';

/** The Visit widget's data (E8) and the Current cart widget's (E9). */
@Resolver()
export class VisitorVisitResolver {
  constructor(
    private readonly conversations: ConversationsService,
    private readonly visits: VisitsService,
  ) {}

  @Query(() => VisitorVisitObject, { nullable: true, description: 'The latest visit of the web chat visitor behind the conversation; null when none was recorded. Anyone who may see the conversation.' })
  async visitorVisit(@CurrentUser() user: AuthUser, @Args('conversationId', { type: () => ID }) conversationId: string): Promise<VisitorVisitObject | null> {
    const conversation = await this.conversations.getForOperator(user, conversationId);
    return this.visits.latestForConversation(user.workspaceId, conversation.id);
  }

  @Query(() => VisitorCartObject, {
    description: 'SPEC E9: the current cart the site reported (Parley.setCart) for the web chat visitor behind the conversation, with line totals and a total per currency; empty when none. Anyone who may see the conversation; live through conversationActivity `cart`.',
  })
  async visitorCart(@CurrentUser() user: AuthUser, @Args('conversationId', { type: () => ID }) conversationId: string): Promise<VisitorCartObject> {
    const conversation = await this.conversations.getForOperator(user, conversationId);
    return this.visits.cartForConversation(user.workspaceId, conversation.id);
  }
}
