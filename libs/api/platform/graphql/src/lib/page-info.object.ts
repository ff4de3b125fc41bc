import { Field, ObjectType } from '@nestjs/graphql';

/** A keyset page's position (every `…Connection` of the API): is there more, and the cursor to ask for it with `after`. */
@ObjectType('PageInfo')
export class PageInfoObject {
  @Field() hasNextPage: boolean;
  @Field(() => String, { nullable: true }) endCursor: string | null;
}
