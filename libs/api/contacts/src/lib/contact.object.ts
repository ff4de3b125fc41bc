import { Field, ID, ObjectType } from '@nestjs/graphql';

@ObjectType('Contact')
export class ContactObject {
  @Field(() => ID) id: string;
  @Field(() => String, { nullable: true, description: 'The full name: composed of first / middle / last name once they are set (issue #11), else what a channel learnt.' })
  name: string | null;
  @Field(() => String, { nullable: true, description: 'The primary e-mail address (see `emails` for all of them).' }) email: string | null;
  @Field(() => String, { nullable: true, description: 'The primary phone number (see `phones` for all of them).' }) phone: string | null;
  @Field(() => String, { nullable: true }) firstName?: string | null;
  @Field(() => String, { nullable: true }) lastName?: string | null;
  @Field(() => String, { nullable: true }) middleName?: string | null;
  @Field({ nullable: true, description: 'When the client was created.' }) createdAt?: Date;
  @Field({ nullable: true, description: 'When the client last changed.' }) updatedAt?: Date;
  /** Resolved as `owner` (ContactFieldsResolver); not a field itself. */
  ownerId?: string | null;
  /** Resolved as `address` (ContactFieldsResolver). */
  address?: string | null;
  addressSplit?: boolean;
  postalCode?: string | null;
  city?: string | null;
  country?: string | null;
  region?: string | null;
  metro?: string | null;
  street?: string | null;
  house?: string | null;
  flat?: string | null;
  building?: string | null;
  entrance?: string | null;
  floor?: string | null;
  block?: string | null;
}

@ObjectType('ContactPhone', { description: 'One phone number of a client (E.164).' })
export class ContactPhoneObject {
  @Field(() => ID) id: string;
  @Field() value: string;
  @Field() primary: boolean;
}

@ObjectType('ContactEmail', { description: 'One e-mail address of a client (lower case).' })
export class ContactEmailObject {
  @Field(() => ID) id: string;
  @Field() value: string;
  @Field() primary: boolean;
}

@ObjectType('ContactAddress', {
  description:
    'The address as one line or split into parts. Not split: `line` is free text, and postal code, city, country, region and metro are separate fields not linked to it. Split: `line` is composed from every part.',
})
export class ContactAddressObject {
  @Field(() => String, { nullable: true }) line: string | null;
  @Field() split: boolean;
  @Field(() => String, { nullable: true }) postalCode: string | null;
  @Field(() => String, { nullable: true }) city: string | null;
  @Field(() => String, { nullable: true }) country: string | null;
  @Field(() => String, { nullable: true }) region: string | null;
  @Field(() => String, { nullable: true }) metro: string | null;
  @Field(() => String, { nullable: true }) street: string | null;
  @Field(() => String, { nullable: true }) house: string | null;
  @Field(() => String, { nullable: true }) flat: string | null;
  @Field(() => String, { nullable: true }) building: string | null;
  @Field(() => String, { nullable: true }) entrance: string | null;
  @Field(() => String, { nullable: true }) floor: string | null;
  @Field(() => String, { nullable: true }) block: string | null;
}
