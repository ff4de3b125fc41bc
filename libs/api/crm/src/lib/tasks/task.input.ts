import { Field, ID, InputType } from '@nestjs/graphql';
import { Allow, IsOptional, IsUUID } from 'class-validator';

@InputType()
export class CreateTaskInput {
  @Field(() => ID, { nullable: true, description: 'The client (the default link).' }) @IsOptional() @Allow() contactId?: string | null;
  @Field(() => String, { nullable: true, description: 'An order number instead of the client: refused until orders exist.' }) @IsOptional() @Allow() orderNumber?: string | null;
  @Field({ description: '1..200 characters.' }) @Allow() title: string;
  @Field(() => String, { nullable: true, description: 'At most 5000 characters.' }) @IsOptional() @Allow() description?: string | null;
  @Field({ description: 'When it is due (not in the past); the assignee is notified then, once.' }) @Allow() dueAt: Date;
  @Field(() => ID, { description: 'An active operator of the workspace who sees tasks.' }) @Allow() assigneeId: string;
}

@InputType({ description: 'Omitted fields stay as they are.' })
export class UpdateTaskInput {
  @Field(() => ID) @IsUUID('all', { message: 'id must be a UUID' }) id: string;
  @Field(() => ID, { nullable: true }) @IsOptional() @Allow() contactId?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @Allow() orderNumber?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @Allow() title?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @Allow() description?: string | null;
  @Field(() => Date, { nullable: true, description: 'A new due time notifies the assignee again when it comes.' }) @IsOptional() @Allow() dueAt?: Date | null;
  @Field(() => ID, { nullable: true }) @IsOptional() @Allow() assigneeId?: string | null;
}

@InputType()
export class SetTaskCompletedInput {
  @Field(() => ID) @IsUUID('all', { message: 'id must be a UUID' }) id: string;
  @Field() @Allow() completed: boolean;
}
