import { Field, ID, InputType } from '@nestjs/graphql';
import { Allow, IsOptional, IsUUID } from 'class-validator';

// Issue #11 (E2): the client card's inline edits, addressed by the client's id. Values are checked
// by the service (ClientsService / client-values.ts) with the field named in the error.

@InputType({ isAbstract: true })
export abstract class ContactRefInput {
  @Field(() => ID) @IsUUID('all', { message: 'contactId must be a UUID' }) contactId: string;
}

@InputType()
export class SetContactNameInput extends ContactRefInput {
  @Field(() => String, { nullable: true, description: 'Omitted: unchanged; null or empty: cleared.' }) @IsOptional() @Allow() firstName?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @Allow() lastName?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @Allow() middleName?: string | null;
}

@InputType()
export class AddContactPhoneInput extends ContactRefInput {
  @Field({ description: 'With its country code (+…), or national with `country`.' }) @Allow() phone: string;
  @Field(() => String, { nullable: true, description: 'ISO 3166-1 alpha-2 country for a number typed without +.' }) @IsOptional() @Allow() country?: string | null;
  @Field(() => Boolean, { nullable: true, description: 'Make it the primary number (the first one always is).' }) @IsOptional() @Allow() primary?: boolean | null;
}

@InputType()
export class UpdateContactPhoneInput extends ContactRefInput {
  @Field(() => ID) @IsUUID('all', { message: 'phoneId must be a UUID' }) phoneId: string;
  @Field() @Allow() phone: string;
  @Field(() => String, { nullable: true }) @IsOptional() @Allow() country?: string | null;
}

@InputType()
export class ContactPhoneRefInput extends ContactRefInput {
  @Field(() => ID) @IsUUID('all', { message: 'phoneId must be a UUID' }) phoneId: string;
}

@InputType()
export class AddContactEmailInput extends ContactRefInput {
  @Field() @Allow() email: string;
  @Field(() => Boolean, { nullable: true, description: 'Make it the primary address (the first one always is).' }) @IsOptional() @Allow() primary?: boolean | null;
}

@InputType()
export class UpdateContactEmailInput extends ContactRefInput {
  @Field(() => ID) @IsUUID('all', { message: 'emailId must be a UUID' }) emailId: string;
  @Field() @Allow() email: string;
}

@InputType()
export class ContactEmailRefInput extends ContactRefInput {
  @Field(() => ID) @IsUUID('all', { message: 'emailId must be a UUID' }) emailId: string;
}

@InputType({ description: 'Omitted fields stay as they are; null or empty clears one.' })
export class SetContactAddressInput extends ContactRefInput {
  @Field(() => String, { nullable: true, description: 'The one-line address; only while it is not split.' }) @IsOptional() @Allow() line?: string | null;
  @Field(() => Boolean, { nullable: true, description: 'Split into fields (the line is then composed from them) or join back into one line.' }) @IsOptional() @Allow() split?: boolean | null;
  @Field(() => String, { nullable: true }) @IsOptional() @Allow() postalCode?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @Allow() city?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @Allow() country?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @Allow() region?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @Allow() metro?: string | null;
  @Field(() => String, { nullable: true, description: 'This and the parts below: only once the address is split.' }) @IsOptional() @Allow() street?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @Allow() house?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @Allow() flat?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @Allow() building?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @Allow() entrance?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @Allow() floor?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @Allow() block?: string | null;
}
