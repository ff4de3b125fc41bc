import { Field, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { OperatorRole } from '@parley/shared/contracts';

registerEnumType(OperatorRole, { name: 'OperatorRole' });

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
