import { Field, ID, InputType } from '@nestjs/graphql';
import { Allow, IsUUID } from 'class-validator';

@InputType()
export class UpdateTagInput {
  @Field(() => ID) @IsUUID('all', { message: 'tagId must be a UUID' }) tagId: string;
  @Field(() => String, { nullable: true, description: 'New name (trimmed, 1–40 characters); null: unchanged. BAD_USER_INPUT on name.' }) @Allow() name?: string | null;
  @Field(() => String, { nullable: true, description: 'New colour #rrggbb; null: unchanged. BAD_USER_INPUT on color.' }) @Allow() color?: string | null;
}

@InputType()
export class DeleteTagInput {
  @Field(() => ID) @IsUUID('all', { message: 'tagId must be a UUID' }) tagId: string;
}

