import { Field, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { OperatorStatus } from '@parley/shared/contracts';
import { Allow } from 'class-validator';

export enum AutoAssignModeEnum {
  off = 'off',
  round_robin = 'round_robin',
  least_busy = 'least_busy',
}
registerEnumType(AutoAssignModeEnum, { name: 'AutoAssignMode', description: 'SPEC B4 auto-assignment of new and queued chats.' });

// Field rules live in RoutingService (clear messages); @Allow keeps the global whitelist from stripping them.
@InputType()
export class SetMyStatusInput {
  @Field(() => OperatorStatus) @Allow() status: OperatorStatus;
}

@InputType()
export class WorkingHoursRangeInput {
  @Field(() => Int, { description: '0 = Sunday … 6 = Saturday' }) @Allow() day: number;
  @Field({ description: 'HH:MM' }) @Allow() start: string;
  @Field({ description: 'HH:MM; not after start = overnight' }) @Allow() end: string;
}

@InputType()
export class WorkingHoursInput {
  @Field({ description: 'IANA time zone, e.g. Europe/Warsaw' }) @Allow() timezone: string;
  @Field() @Allow() auto: boolean;
  @Field(() => [WorkingHoursRangeInput]) @Allow() ranges: WorkingHoursRangeInput[];
}

@InputType()
export class UpdateOperatorRoutingInput {
  @Field(() => ID) @Allow() operatorId: string;
  @Field(() => Int, { nullable: true, description: 'Most open chats at once; null = unlimited.' }) @Allow() maxChats: number | null;
  @Field(() => WorkingHoursInput, { nullable: true, description: 'null removes the schedule.' }) @Allow() workingHours: WorkingHoursInput | null;
}

@InputType()
export class MoveConversationInput {
  @Field(() => ID) @Allow() conversationId: string;
  @Field(() => ID, { nullable: true, description: 'null = no group (every agent’s queue).' }) @Allow() groupId: string | null;
}

@ObjectType('RoutingSettings')
export class RoutingSettingsObject {
  @Field(() => AutoAssignModeEnum) autoAssign: AutoAssignModeEnum;
}
