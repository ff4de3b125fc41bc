import { Field, ID, ObjectType } from '@nestjs/graphql';

/** A tag of the workspace catalog: conversations (SPEC A4) and contacts (SPEC C6) link to it. */
@ObjectType('Tag')
export class TagObject {
  @Field(() => ID) id: string;
  @Field() name: string;
}
