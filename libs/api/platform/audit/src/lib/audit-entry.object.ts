import { Field, ID, ObjectType } from '@nestjs/graphql';

@ObjectType('AuditEntry')
export class AuditEntryObject {
  @Field(() => ID) id: string;
  @Field(() => String, { nullable: true }) actorId: string | null;
  @Field(() => String, { nullable: true, description: 'The name the actor had when acting.' }) actorName: string | null;
  @Field({ description: 'e.g. conversation.deleted, operator.created' }) action: string;
  @Field() targetType: string;
  @Field(() => String, { nullable: true }) targetId: string | null;
  @Field({ description: 'JSON object with what changed.' }) details: string;
  @Field() createdAt: Date;
}

@ObjectType('AuditLogPage', { description: 'Newest first; keyset pagination with after = endCursor.' })
export class AuditLogPageObject {
  @Field(() => [AuditEntryObject]) nodes: AuditEntryObject[];
  @Field() hasNextPage: boolean;
  @Field(() => String, { nullable: true }) endCursor: string | null;
}
