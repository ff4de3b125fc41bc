import { Field, ID, InputType } from '@nestjs/graphql';
import { MAX_DISPLAY_NAME_LENGTH, MAX_OPERATOR_LANGUAGES, OperatorRole } from '@parley/shared/contracts';
import { ArrayMaxSize, IsArray, IsBoolean, IsEmail, IsEnum, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';

/** Issue #10: an operator's e-mail signature. */
export const MAX_EMAIL_SIGNATURE_LENGTH = 2000;
export const MAX_EMAIL_SIGNATURE_LINES = 20;

/** SPEC B1: what an operator edits about themself. Omitted fields stay as they are. */
@InputType()
export class UpdateProfileInput {
  @Field({ nullable: true }) @IsOptional() @IsString() @MaxLength(MAX_DISPLAY_NAME_LENGTH, { message: `The name may have at most ${MAX_DISPLAY_NAME_LENGTH} characters` }) displayName?: string;
  @Field({ nullable: true }) @IsOptional() @IsBoolean() soundEnabled?: boolean;
  @Field({ nullable: true }) @IsOptional() @IsBoolean() pushEnabled?: boolean;
  @Field(() => [String], { nullable: true, description: 'Language codes such as en, pl, pt-BR.' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_OPERATOR_LANGUAGES, { message: `At most ${MAX_OPERATOR_LANGUAGES} languages` })
  @IsString({ each: true })
  @MaxLength(10, { each: true })
  languages?: string[];
  @Field(() => String, { nullable: true, description: `Issue #10: the e-mail signature (plain text, at most ${MAX_EMAIL_SIGNATURE_LENGTH} characters, ${MAX_EMAIL_SIGNATURE_LINES} lines); empty removes it.` })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_EMAIL_SIGNATURE_LENGTH, { message: `The signature may have at most ${MAX_EMAIL_SIGNATURE_LENGTH} characters` })
  emailSignature?: string;
}

@InputType()
export class ChangeEmailInput {
  @Field() @IsEmail({}, { message: 'Enter a valid e-mail address' }) @MaxLength(254) email: string;
  @Field() @IsString() @MinLength(1, { message: 'Enter your current password' }) @MaxLength(200) currentPassword: string;
}

@InputType()
export class ChangePasswordInput {
  @Field() @IsString() @MinLength(1, { message: 'Enter your current password' }) @MaxLength(200) currentPassword: string;
  @Field() @IsString() @MinLength(8, { message: 'The new password needs at least 8 characters' }) @MaxLength(200) newPassword: string;
}

@InputType()
export class SetAvatarInput {
  @Field({ description: 'Base64 (or a data: URL) of a 50×50 PNG, JPEG or WebP image of at most 64 KB.' })
  @IsString()
  @MaxLength(100_000, { message: 'The avatar may be at most 64 KB' })
  data: string;
}

@InputType()
export class ChangeOperatorRoleInput {
  @Field(() => ID) @IsString() @MaxLength(64) operatorId: string;
  @Field(() => OperatorRole) @IsEnum(OperatorRole, { message: 'Unknown role' }) role: OperatorRole;
}

@InputType()
export class OperatorIdInput {
  @Field(() => ID) @IsString() @MaxLength(64) operatorId: string;
}
