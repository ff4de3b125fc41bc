import { Field, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { OperatorRole } from '@parley/shared/contracts';

export enum InvitationState {
  pending = 'pending',
  expired = 'expired',
  accepted = 'accepted',
  revoked = 'revoked',
}
registerEnumType(InvitationState, { name: 'InvitationState' });

@ObjectType('Invitation', { description: 'SPEC B8: an invitation e-mailed to a colleague (admins only).' })
export class InvitationObject {
  @Field(() => ID) id: string;
  @Field() email: string;
  @Field(() => OperatorRole) role: OperatorRole;
  @Field(() => InvitationState) state: InvitationState;
  @Field() expiresAt: Date;
  @Field() createdAt: Date;
  @Field(() => String, { nullable: true, description: 'Display name of the admin who sent it' }) invitedByName: string | null;
}

@ObjectType('InvitationPage')
export class InvitationPageObject {
  @Field(() => [InvitationObject]) nodes: InvitationObject[];
  @Field() hasNextPage: boolean;
  @Field(() => String, { nullable: true }) endCursor: string | null;
}

@ObjectType('InvitationPreview', { description: 'What the invitation page shows before the colleague accepts.' })
export class InvitationPreviewObject {
  @Field() email: string;
  @Field(() => OperatorRole) role: OperatorRole;
  @Field() workspaceName: string;
  @Field() expiresAt: Date;
}
