import { Field, InputType } from '@nestjs/graphql';
import { OperatorRole } from '@parley/shared/contracts';
import { IsEmail, IsEnum, IsString, MaxLength, MinLength } from 'class-validator';

@InputType()
export class InviteOperatorInput {
  @Field() @IsEmail({}, { message: 'Enter a valid e-mail address' }) @MaxLength(254) email: string;
  @Field(() => OperatorRole) @IsEnum(OperatorRole, { message: 'Choose a role' }) role: OperatorRole;
}

@InputType()
export class AcceptInvitationInput {
  @Field() @IsString() @MinLength(10) @MaxLength(200) token: string;
  @Field() @IsString() @MinLength(1, { message: 'Enter your name' }) @MaxLength(100) displayName: string;
  @Field() @IsString() @MinLength(8, { message: 'The password needs at least 8 characters' }) @MaxLength(200) password: string;
}
