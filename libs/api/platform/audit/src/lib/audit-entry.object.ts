import { Field, ID, ObjectType } from '@nestjs/graphql';

@ObjectType('AuditSubject', {
  description:
    'Someone or something an entry names: its current name, or the last name the log knew when it is gone (deleted: true; name null when never known). The screen composes the sentence and may link it.',
})
export class AuditSubjectObject {
  @Field({ description: 'operator, group, permission_group, channel, bot_scenario, quick_reply, invitation, contact, conversation, tag, workspace, …' }) type: string;
  @Field(() => String, { nullable: true }) id: string | null;
  @Field(() => String, { nullable: true }) name: string | null;
  @Field({ description: 'The row no longer exists in the workspace.' }) deleted: boolean;
}

@ObjectType('AuditEntry')
export class AuditEntryObject {
  @Field(() => ID) id: string;
  @Field(() => String, { nullable: true }) actorId: string | null;
  @Field(() => String, { nullable: true, description: 'The name the actor had when acting.' }) actorName: string | null;
  @Field(() => AuditSubjectObject, { nullable: true, description: 'Who acted, by current name; null for the system (jobs).' }) actor: AuditSubjectObject | null;
  @Field({ description: 'e.g. conversation.deleted, operator.created (AuditAction of the shared contracts)' }) action: string;
  @Field() targetType: string;
  @Field(() => String, { nullable: true }) targetId: string | null;
  @Field(() => AuditSubjectObject, { nullable: true, description: 'What was acted on, by name.' }) target: AuditSubjectObject | null;
  @Field(() => [AuditSubjectObject], { description: 'Other operators, groups, contacts… that details name by id (members, owner, page rules), resolved to names.' })
  refs: AuditSubjectObject[];
  @Field({ description: 'JSON object with what changed.' }) details: string;
  @Field() createdAt: Date;
}

@ObjectType('AuditLogPage', { description: 'Newest first; keyset pagination with after = endCursor.' })
export class AuditLogPageObject {
  @Field(() => [AuditEntryObject]) nodes: AuditEntryObject[];
  @Field() hasNextPage: boolean;
  @Field(() => String, { nullable: true }) endCursor: string | null;
}

@ObjectType('AuditLogChanged', { description: 'A new audit entry was committed in the caller’s workspace; refetch the first page.' })
export class AuditLogChangedObject {
  @Field() at: Date;
}
