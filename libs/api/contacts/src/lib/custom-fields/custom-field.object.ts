import { Field, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Allow, IsOptional, IsUUID } from 'class-validator';

/** Issue #11 (E2): the kinds of custom client field. */
export enum CustomFieldType {
  text = 'text',
  number = 'number',
  decimal = 'decimal',
  date = 'date',
  select = 'select',
  multi_select = 'multi_select',
  boolean = 'boolean',
  link = 'link',
}
registerEnumType(CustomFieldType, { name: 'CustomFieldType' });

@ObjectType('CustomFieldRules', { description: 'Validation of a field’s values; only the rules of its type apply. Numbers are decimal strings.' })
export class CustomFieldRulesObject {
  @Field(() => Int, { nullable: true, description: 'text' }) minLength?: number | null;
  @Field(() => Int, { nullable: true, description: 'text' }) maxLength?: number | null;
  @Field(() => String, { nullable: true, description: 'text: a regular expression the whole value matches' }) pattern?: string | null;
  @Field(() => String, { nullable: true, description: 'number, decimal (a decimal string), date (YYYY-MM-DD)' }) min?: string | null;
  @Field(() => String, { nullable: true, description: 'number, decimal, date' }) max?: string | null;
  @Field(() => Int, { nullable: true, description: 'decimal: digits after the point (default 2)' }) scale?: number | null;
}

@ObjectType('CustomField', { description: 'A client field an admin defined.' })
export class CustomFieldObject {
  @Field(() => ID) id: string;
  @Field() name: string;
  @Field(() => CustomFieldType) type: CustomFieldType;
  @Field() required: boolean;
  @Field(() => [String], { description: 'The choices of a select or multi-select field.' }) options: string[];
  @Field(() => CustomFieldRulesObject) rules: CustomFieldRulesObject;
  @Field({ description: 'Shown for every client (in `position` order).' }) pinned: boolean;
  @Field(() => Int) position: number;
}

@ObjectType('ContactCustomValue', { description: 'A client’s value of a custom field: `value` as a string (a decimal exactly as stored, a date as YYYY-MM-DD, a boolean as true/false), `values` for a multi-select.' })
export class ContactCustomValueObject {
  @Field(() => CustomFieldObject) field: CustomFieldObject;
  @Field(() => String, { nullable: true }) value: string | null;
  @Field(() => [String]) values: string[];
}

@InputType('CustomFieldRulesInput')
export class CustomFieldRulesInput {
  @Field(() => Int, { nullable: true }) @IsOptional() @Allow() minLength?: number | null;
  @Field(() => Int, { nullable: true }) @IsOptional() @Allow() maxLength?: number | null;
  @Field(() => String, { nullable: true }) @IsOptional() @Allow() pattern?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @Allow() min?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @Allow() max?: string | null;
  @Field(() => Int, { nullable: true }) @IsOptional() @Allow() scale?: number | null;
}

@InputType()
export class CreateCustomFieldInput {
  @Field() @Allow() name: string;
  @Field(() => CustomFieldType) @Allow() type: CustomFieldType;
  @Field(() => Boolean, { nullable: true }) @IsOptional() @Allow() required?: boolean | null;
  @Field(() => [String], { nullable: true }) @IsOptional() @Allow() options?: string[] | null;
  @Field(() => CustomFieldRulesInput, { nullable: true }) @IsOptional() @Allow() rules?: CustomFieldRulesInput | null;
  @Field(() => Boolean, { nullable: true }) @IsOptional() @Allow() pinned?: boolean | null;
}

@InputType({ description: 'Omitted fields stay; the type cannot change.' })
export class UpdateCustomFieldInput {
  @Field(() => ID) @IsUUID('all', { message: 'id must be a UUID' }) id: string;
  @Field(() => String, { nullable: true }) @IsOptional() @Allow() name?: string | null;
  @Field(() => Boolean, { nullable: true }) @IsOptional() @Allow() required?: boolean | null;
  @Field(() => [String], { nullable: true }) @IsOptional() @Allow() options?: string[] | null;
  @Field(() => CustomFieldRulesInput, { nullable: true }) @IsOptional() @Allow() rules?: CustomFieldRulesInput | null;
  @Field(() => Boolean, { nullable: true }) @IsOptional() @Allow() pinned?: boolean | null;
}

@InputType()
export class SetContactCustomFieldInput {
  @Field(() => ID) @IsUUID('all', { message: 'contactId must be a UUID' }) contactId: string;
  @Field(() => ID) @IsUUID('all', { message: 'fieldId must be a UUID' }) fieldId: string;
  @Field(() => String, { nullable: true, description: 'Every type but multi-select; null or empty clears (refused for a required field).' }) @IsOptional() @Allow() value?: string | null;
  @Field(() => [String], { nullable: true, description: 'A multi-select’s choices.' }) @IsOptional() @Allow() values?: string[] | null;
}
