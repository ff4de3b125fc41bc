import { Field, ID, InputType } from '@nestjs/graphql';
import { Allow, IsUUID } from 'class-validator';

@InputType()
export class AddClientNoteInput {
  @Field(() => ID) @IsUUID('all', { message: 'contactId must be a UUID' }) contactId: string;
  @Field({ description: '1..2000 characters (BAD_USER_INPUT on body otherwise).' }) @Allow() body: string;
}

@InputType()
export class UpdateClientNoteInput {
  @Field(() => ID) @IsUUID('all', { message: 'id must be a UUID' }) id: string;
  @Field() @Allow() body: string;
}

@InputType()
export class DeleteClientNoteInput {
  @Field(() => ID) @IsUUID('all', { message: 'id must be a UUID' }) id: string;
}
