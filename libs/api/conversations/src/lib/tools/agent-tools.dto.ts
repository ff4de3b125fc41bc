import { Field, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { MAX_CLIENT_ID_LENGTH, OperatorRole } from '@parley/shared/contracts';
import { IsBoolean, IsOptional, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { PageInfoObject } from '../dto/conversation.object';

// ---- quick replies (SPEC A8) -------------------------------------------------------------------

@ObjectType('QuickReply', { description: 'A canned response; `body` may hold {{client.name}}, {{client.email}}, {{client.phone}}, {{operator.name}}.' })
export class QuickReplyObject {
  @Field(() => ID) id: string;
  @Field() shortcut: string;
  @Field() body: string;
  @Field({ description: 'true: shared by the workspace (admins/supervisors edit it); false: the caller’s personal reply.' }) shared: boolean;
  @Field() updatedAt: Date;
}

@ObjectType('QuickReplyConnection')
export class QuickReplyConnectionObject {
  @Field(() => [QuickReplyObject]) nodes: QuickReplyObject[];
  @Field(() => PageInfoObject) pageInfo: PageInfoObject;
}

/** Shortcut and body rules (pattern, length, blank) are checked by the service with clear messages. */
@InputType()
export class CreateQuickReplyInput {
  @Field() @IsString() shortcut: string;
  @Field() @IsString() body: string;
  @Field({ defaultValue: false, description: 'Shared with the workspace: admins and supervisors only.' }) @IsBoolean() shared: boolean;
}

@InputType()
export class UpdateQuickReplyInput {
  @Field(() => ID) @IsUUID('all', { message: 'id must be a UUID' }) id: string;
  @Field({ nullable: true }) @IsOptional() @IsString() shortcut?: string;
  @Field({ nullable: true }) @IsOptional() @IsString() body?: string;
}

@InputType()
export class DeleteQuickReplyInput {
  @Field(() => ID) @IsUUID('all', { message: 'id must be a UUID' }) id: string;
}

// ---- notes (SPEC A11) ----------------------------------------------------------------------------

@ObjectType('Note', { description: 'A private note: operators only, never sent to the visitor. Shown after message `afterSeq`.' })
export class NoteObject {
  @Field(() => ID) id: string;
  @Field(() => ID) conversationId: string;
  @Field(() => Int) afterSeq: number;
  @Field(() => String, { nullable: true }) clientId: string | null;
  @Field(() => ID, { nullable: true }) authorId: string | null;
  @Field(() => String, { nullable: true }) authorName: string | null;
  @Field() body: string;
  @Field(() => [ID]) mentionedIds: string[];
  @Field() createdAt: Date;
}

@InputType()
export class AddNoteInput {
  @Field(() => ID) @IsUUID('all', { message: 'conversationId must be a UUID' }) conversationId: string;
  @Field() @IsString() @MinLength(1) @MaxLength(MAX_CLIENT_ID_LENGTH) clientId: string;
  /** Emptiness and length are checked by the service (EMPTY_MESSAGE, MESSAGE_TOO_LONG). */
  @Field() @IsString() body: string;
}

// ---- notifications ----------------------------------------------------------------------------

export enum NotificationKind {
  mention = 'mention',
  invited = 'invited',
  transferred = 'transferred',
  /** Issue #11 (E4): a task assigned to the operator is due. */
  task_due = 'task_due',
}
registerEnumType(NotificationKind, { name: 'NotificationKind' });

@ObjectType('Notification')
export class NotificationObject {
  @Field(() => ID) id: string;
  @Field(() => NotificationKind) kind: NotificationKind;
  @Field(() => ID, { nullable: true }) conversationId: string | null;
  @Field(() => ID, { nullable: true, description: 'The task of a task_due notification.' }) taskId?: string | null;
  @Field(() => ID, { nullable: true, description: 'The client it is about (a task_due notification).' }) contactId?: string | null;
  @Field(() => String, { nullable: true }) actorName: string | null;
  @Field(() => String, { nullable: true }) preview: string | null;
  @Field(() => Date, { nullable: true }) readAt: Date | null;
  @Field() createdAt: Date;
}

@ObjectType('NotificationConnection')
export class NotificationConnectionObject {
  @Field(() => [NotificationObject]) nodes: NotificationObject[];
  @Field(() => PageInfoObject) pageInfo: PageInfoObject;
  @Field(() => Int) unreadCount: number;
}

@InputType()
export class MarkNotificationsReadInput {
  @Field(() => [ID], { nullable: true, description: 'Omitted: all of the caller’s notifications.' })
  @IsOptional()
  @IsUUID('all', { each: true, message: 'ids must be UUIDs' })
  ids?: string[];
}

// ---- transfer, invite (SPEC B7) -------------------------------------------------------------

@ObjectType('Teammate', { description: 'An operator of the caller’s workspace, as other operators see them (mentions, transfer, invite).' })
export class TeammateObject {
  @Field(() => ID) id: string;
  @Field() displayName: string;
  @Field(() => OperatorRole) role: OperatorRole;
  @Field(() => String, { nullable: true }) avatarUrl: string | null;
}

@InputType({ description: 'Hands the conversation over. One target: `operatorId` (a group target can be added here as `groupId`).' })
export class TransferConversationInput {
  @Field(() => ID) @IsUUID('all', { message: 'conversationId must be a UUID' }) conversationId: string;
  @Field(() => ID) @IsString() operatorId: string;
}

@InputType()
export class InviteToConversationInput {
  @Field(() => ID) @IsUUID('all', { message: 'conversationId must be a UUID' }) conversationId: string;
  @Field(() => ID) @IsString() operatorId: string;
}

// ---- merge, client timeline ------------------------------------------------------------------

@InputType({ description: 'Moves every message and note of `secondaryId` into `primaryId` (same client); the secondary is closed and removed.' })
export class MergeConversationsInput {
  @Field(() => ID) @IsUUID('all', { message: 'primaryId must be a UUID' }) primaryId: string;
  @Field(() => ID) @IsUUID('all', { message: 'secondaryId must be a UUID' }) secondaryId: string;
}
