import { Field, ID, InputType } from '@nestjs/graphql';
import { OperatorRole } from '@parley/shared/contracts';
import { IsEmail, IsEnum, IsOptional, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';

@InputType()
export class LoginInput {
  @Field() @IsEmail({}, { message: 'Enter a valid e-mail address' }) @MaxLength(254) email: string;
  @Field() @IsString() @MinLength(1, { message: 'Enter your password' }) @MaxLength(200) password: string;
  @Field(() => ID, { nullable: true, description: 'The workspace chosen after a WORKSPACE_CHOICE answer (the e-mail belongs to operators of several workspaces).' })
  @IsOptional()
  @IsUUID('all', { message: 'workspaceId must be a UUID' })
  workspaceId?: string | null;
}

@InputType()
export class RefreshSessionInput {
  @Field({ nullable: true }) @IsOptional() @IsString() @MaxLength(200) refreshToken?: string;
}

@InputType()
export class CreateOperatorInput {
  @Field() @IsEmail({}, { message: 'Enter a valid e-mail address' }) @MaxLength(254) email: string;
  @Field() @IsString() @MinLength(1) @MaxLength(100) displayName: string;
  @Field() @IsString() @MinLength(8, { message: 'The password needs at least 8 characters' }) @MaxLength(200) password: string;
  @Field(() => OperatorRole) @IsEnum(OperatorRole) role: OperatorRole;
}
