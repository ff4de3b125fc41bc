import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { OperatorRole, OperatorStatus } from '@parley/shared/contracts';

registerEnumType(OperatorRole, { name: 'OperatorRole' });
registerEnumType(OperatorStatus, { name: 'OperatorStatus' });

@ObjectType('WorkingHoursRange', { description: 'day 0 = Sunday … 6 = Saturday; an end not after the start runs overnight.' })
export class WorkingHoursRangeObject {
  @Field(() => Int) day: number;
  @Field({ description: 'HH:MM' }) start: string;
  @Field({ description: 'HH:MM' }) end: string;
}

@ObjectType('WorkingHours', { description: 'SPEC B6 weekly schedule in an IANA time zone.' })
export class WorkingHoursObject {
  @Field() timezone: string;
  @Field({ description: 'Switch online/offline automatically at the boundaries' }) auto: boolean;
  @Field(() => [WorkingHoursRangeObject]) ranges: WorkingHoursRangeObject[];
}

@ObjectType('Operator')
export class OperatorObject {
  @Field(() => ID) id: string;
  @Field() email: string;
  @Field() displayName: string;
  @Field(() => OperatorRole) role: OperatorRole;
  @Field(() => String, { nullable: true }) avatarUrl: string | null;
  @Field() soundEnabled: boolean;
  @Field() pushEnabled: boolean;
  @Field({ description: 'false once an admin deactivated the operator (cannot sign in).' }) active: boolean;
  @Field(() => [String], { description: 'Language codes the operator speaks.' }) languages: string[];
  @Field(() => OperatorStatus, { description: 'SPEC B6; only online operators get new chats.' }) status: OperatorStatus;
  @Field(() => Int, { nullable: true, description: 'SPEC B5: most open chats at once; null = unlimited.' }) maxChats: number | null;
  @Field(() => WorkingHoursObject, { nullable: true }) workingHours: WorkingHoursObject | null;
  @Field(() => String, { nullable: true, description: 'Issue #10: plain text appended to the operator\'s e-mail replies (under "-- "); null for none.' }) emailSignature: string | null;
}

@ObjectType('Workspace')
export class WorkspaceObject {
  @Field(() => ID) id: string;
  @Field() name: string;
  @Field() slug: string;
}

@ObjectType('AuthPayload')
export class AuthPayloadObject {
  @Field() accessToken: string;
  @Field() accessTokenExpiresAt: Date;
  @Field({ description: 'Also set as the httpOnly cookie parley_rt for browsers.' }) refreshToken: string;
  @Field(() => OperatorObject) operator: OperatorObject;
  @Field(() => WorkspaceObject) workspace: WorkspaceObject;
}
