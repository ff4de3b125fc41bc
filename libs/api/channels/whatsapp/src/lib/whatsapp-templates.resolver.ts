import { Args, Field, ID, InputType, Int, Mutation, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { MessageObject } from '@parley/api/conversations';
import { AuthUser, CurrentUser, Roles } from '@parley/api/platform/auth';
import { OperatorRole } from '@parley/shared/contracts';
import { Allow } from 'class-validator';
import { WhatsappTemplatesService } from './whatsapp-templates.service';

@ObjectType('MessageTemplate', { description: "An approved message template of a conversation's channel (WhatsApp), as last synced." })
export class MessageTemplateObject {
  @Field() name: string;
  @Field({ description: 'The language it was approved in (en_US, pl …).' }) language: string;
  @Field({ description: 'MARKETING, UTILITY or AUTHENTICATION.' }) category: string;
  @Field(() => String, { nullable: true, description: "The header's fixed text, if any." }) header: string | null;
  @Field({ description: 'The body with its placeholders {{1}}, {{2}} …' }) body: string;
  @Field(() => String, { nullable: true }) footer: string | null;
  @Field(() => Int, { description: 'How many values the body takes ({{1}} … {{n}}).' }) variableCount: number;
}

@ObjectType('SkippedMessageTemplate')
export class SkippedMessageTemplateObject {
  @Field() name: string;
  @Field() language: string;
  @Field({ description: 'Why Parley cannot send it (a media header, named variables …).' }) reason: string;
}

@ObjectType('MessageTemplateSync')
export class MessageTemplateSyncObject {
  @Field(() => Int, { description: 'Approved templates stored for the channel.' }) stored: number;
  @Field(() => [SkippedMessageTemplateObject]) skipped: SkippedMessageTemplateObject[];
  @Field() syncedAt: Date;
}

@InputType()
export class SendTemplateMessageInput {
  @Field(() => ID) @Allow() conversationId: string;
  @Field(() => String, { nullable: true, description: 'Idempotency key as in sendMessage; generated when absent.' }) @Allow() clientId?: string | null;
  @Field() @Allow() templateName: string;
  @Field() @Allow() language: string;
  @Field(() => [String], { description: 'The values of {{1}} … {{n}}, in order.' }) @Allow() variables: string[];
}

/** Issue #10: WhatsApp message templates for the composer (outside the 24-hour window) and the admin's sync. */
@Resolver()
export class WhatsappTemplatesResolver {
  constructor(private readonly templates: WhatsappTemplatesService) {}

  @Query(() => [MessageTemplateObject], {
    description: "The approved message templates of the conversation's channel (WhatsApp; empty for other kinds or before a sync). The conversation's visibility rules apply.",
  })
  messageTemplates(@CurrentUser() user: AuthUser, @Args('conversationId', { type: () => ID }) conversationId: string): Promise<MessageTemplateObject[]> {
    return this.templates.forConversation(user, conversationId);
  }

  @Roles(OperatorRole.admin)
  @Mutation(() => MessageTemplateSyncObject, {
    description: "Admins only: reads the approved templates of the WhatsApp channel's Business Account from WhatsApp (also done on saving the channel). BAD_USER_INPUT with the field at fault (businessAccountId, accessToken) when WhatsApp refuses.",
  })
  syncMessageTemplates(@CurrentUser() user: AuthUser, @Args('channelId', { type: () => ID }) channelId: string): Promise<MessageTemplateSyncObject> {
    return this.templates.syncChannel(user, channelId);
  }

  @Mutation(() => MessageObject, {
    description:
      "Sends an approved template in a WhatsApp conversation (the only message allowed once the 24-hour window closed). The message's body is the filled-in text. BAD_USER_INPUT with fieldErrors (variables, variables.N for {{N}}) for wrong values.",
  })
  sendTemplateMessage(@CurrentUser() user: AuthUser, @Args('input') input: SendTemplateMessageInput): Promise<MessageObject> {
    return this.templates.send(user, input);
  }
}
