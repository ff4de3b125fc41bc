import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { PageInfoObject } from '@parley/api/platform/graphql';

@ObjectType('ClientNote', { description: 'A note on a client (E6): up to 2000 characters, shown on the client everywhere.' })
export class ClientNoteObject {
  @Field(() => ID) id: string;
  @Field(() => ID) contactId: string;
  @Field() body: string;
  @Field(() => ID, { nullable: true }) authorId: string | null;
  @Field(() => String, { nullable: true, description: 'The author’s name when the note was written.' }) authorName: string | null;
  @Field() createdAt: Date;
  @Field() updatedAt: Date;
  @Field({ description: 'Changed after it was written.' }) edited: boolean;
}

@ObjectType('ClientNoteConnection')
export class ClientNoteConnectionObject {
  @Field(() => [ClientNoteObject], { description: 'Newest first.' }) nodes: ClientNoteObject[];
  @Field(() => PageInfoObject) pageInfo: PageInfoObject;
  @Field(() => Int, { description: 'How many notes the client has.' }) totalCount: number;
}
