import { Field, ID, InputType, ObjectType } from '@nestjs/graphql';
import { Allow } from 'class-validator';

@ObjectType('OperatorGroup', { description: 'SPEC B3: a group (department) of operators; conversations are routed to one.' })
export class GroupObject {
  @Field(() => ID) id: string;
  @Field() name: string;
  @Field() description: string;
  @Field() createdAt: Date;
  /** resolved: members */
  workspaceId?: string;
}

// Field rules live in GroupsService (one clear message per field); @Allow keeps the global whitelist from stripping them.
@InputType()
export class CreateGroupInput {
  @Field() @Allow() name: string;
  @Field({ nullable: true }) @Allow() description?: string;
}

@InputType()
export class UpdateGroupInput {
  @Field(() => ID) @Allow() id: string;
  @Field() @Allow() name: string;
  @Field({ nullable: true }) @Allow() description?: string;
}

@InputType()
export class SetGroupMembersInput {
  @Field(() => ID) @Allow() groupId: string;
  @Field(() => [ID], { description: 'The complete member list (replaces the current one).' }) @Allow() operatorIds: string[];
}
