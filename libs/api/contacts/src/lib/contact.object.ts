import { Field, ID, ObjectType } from '@nestjs/graphql';

@ObjectType('Contact')
export class ContactObject {
  @Field(() => ID) id: string;
  @Field(() => String, { nullable: true }) name: string | null;
  @Field(() => String, { nullable: true }) email: string | null;
  @Field(() => String, { nullable: true }) phone: string | null;
  /** Resolved as `owner` (ContactFieldsResolver); not a field itself. */
  ownerId?: string | null;
}
