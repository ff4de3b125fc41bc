import { Field, ID, InputType, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Allow, IsOptional } from 'class-validator';
import { ContactObject } from '../contact.object';

/** A value of a client that a merge takes from one of the two (the operator chooses). */
export enum ClientMergeField {
  firstName = 'firstName',
  lastName = 'lastName',
  middleName = 'middleName',
  phone = 'phone',
  email = 'email',
  address = 'address',
  owner = 'owner',
}
registerEnumType(ClientMergeField, { name: 'ClientMergeField', description: 'A value a merge takes from the merged client instead of the one kept (phone / email: which is primary; address: all its parts).' });

@ObjectType('ClientDuplicate', { description: 'Another client sharing a phone number or an e-mail address with this one (a merge candidate).' })
export class ClientDuplicateObject {
  @Field(() => ContactObject) contact: ContactObject;
  @Field(() => [String], { description: 'The shared phones and e-mails.' }) shared: string[];
}

@InputType()
export class MergeClientsInput {
  @Field(() => ID, { description: 'The client that stays (the one open).' }) @Allow() survivorId: string;
  @Field(() => ID, { description: 'The client merged into it, then deleted.' }) @Allow() mergedId: string;
  @Field(() => [ClientMergeField], {
    nullable: true,
    description: 'Values taken from the merged client. Every other value stays the kept client’s — or, where it has none, becomes the merged one’s. Phones, e-mails, tags and custom field values are joined (the kept client’s value wins a field both have).',
  })
  @IsOptional()
  @Allow()
  take?: ClientMergeField[] | null;
}
