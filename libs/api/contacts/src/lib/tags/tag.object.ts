import { Field, ID, ObjectType } from '@nestjs/graphql';

/** A tag of the workspace catalog: clients (E1, SPEC C6) and conversations (SPEC A4) link to the same set. */
@ObjectType('Tag')
export class TagObject {
  @Field(() => ID) id: string;
  @Field() name: string;
  @Field({ description: 'E1: the colour (#rrggbb) every screen draws the tag in; a random pleasant one at creation.' }) color: string;
  @Field({ description: 'E1: pinned on this client (shown by the name, sorted first). Only in Contact.tags; false elsewhere.' }) pinned: boolean;
}
