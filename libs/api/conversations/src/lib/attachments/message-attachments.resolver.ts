import { Field, ID, Int, ObjectType, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { AuthUser, CurrentUser } from '@parley/api/platform/auth';
import { MessageObject } from '../dto/conversation.object';
import { AttachmentMeta } from '../entities/message.entity';
import { AttachmentsService } from './attachments.service';

@ObjectType('Attachment', { description: 'A file sent with a message (SPEC A9).' })
export class AttachmentObject {
  @Field(() => ID) id: string;
  @Field({ description: 'Sanitized file name with the extension of the detected type.' }) name: string;
  @Field({ description: 'image/png, image/jpeg, image/gif, image/webp or application/pdf, decided by content.' }) mime: string;
  @Field(() => Int, { description: 'Bytes.' }) size: number;
  @Field({ description: 'A download link made for the caller; expires after one to two hours.' }) url: string;
  @Field(() => Int, { nullable: true }) width?: number | null;
  @Field(() => Int, { nullable: true }) height?: number | null;
}

@Resolver(() => MessageObject)
export class MessageAttachmentsResolver {
  constructor(private readonly files: AttachmentsService) {}

  @ResolveField(() => [AttachmentObject], { description: 'Files sent with the message; empty when none.' })
  attachments(@Parent() m: MessageObject & { attachments?: AttachmentMeta[] | null }, @CurrentUser() user: AuthUser): AttachmentObject[] {
    return this.files.withUrls(m.attachments, `o:${user.operatorId}`);
  }

  @ResolveField(() => Boolean, { description: 'Issue #10: the message has an HTML version (an e-mail); fetch it with `messageHtml` when the operator opens it.' })
  hasHtml(@Parent() m: MessageObject): boolean {
    return typeof m.html === 'string' && m.html.length > 0;
  }
}
