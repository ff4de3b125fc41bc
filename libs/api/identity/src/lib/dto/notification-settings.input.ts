import { Field, InputType } from '@nestjs/graphql';
import { IsBoolean, IsOptional } from 'class-validator';

/** SPEC A7: the caller's own sound and browser-notification switches; omitted fields stay as they are. */
@InputType()
export class UpdateMyNotificationSettingsInput {
  @Field(() => Boolean, { nullable: true }) @IsOptional() @IsBoolean() soundEnabled?: boolean | null;
  @Field(() => Boolean, { nullable: true }) @IsOptional() @IsBoolean() pushEnabled?: boolean | null;
}
