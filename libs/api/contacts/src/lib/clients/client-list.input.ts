import { Field, ID, InputType, ObjectType } from '@nestjs/graphql';
import { TagMatch } from '@parley/shared/contracts';
import { PageInfoObject } from '@parley/api/platform/graphql';
import { Allow, IsOptional } from 'class-validator';
import { ContactObject } from '../contact.object';
import '../tags/tag-event';

// Issue #11 (E2): the Clients page's filters. Every value is checked by ClientListService with the
// input named in `extensions.field` (the ValidationPipe only lets the fields through).

// any / all: the same enum as the inbox's tag filter (registered in tags/tag-event.ts)
export { TagMatch };

@InputType({ description: 'One custom field condition: `equals` (text, link, select, boolean "true"/"false"), `min`/`max` inclusive (number, decimal, date YYYY-MM-DD), `contains` (multi-select: has every choice listed).' })
export class ClientCustomFieldFilterInput {
  @Field(() => ID) @Allow() fieldId: string;
  @Field(() => String, { nullable: true }) @IsOptional() @Allow() equals?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @Allow() min?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @Allow() max?: string | null;
  @Field(() => [String], { nullable: true }) @IsOptional() @Allow() contains?: string[] | null;
}

@InputType({ description: 'Filters of the client list; all given ones apply together.' })
export class ClientFilterInput {
  @Field(() => [ID], { nullable: true, description: 'Clients with these tags (see tagMatch).' }) @IsOptional() @Allow() tagIds?: string[] | null;
  @Field(() => TagMatch, { nullable: true, description: 'any (default): at least one of tagIds; all: every one.' }) @IsOptional() @Allow() tagMatch?: TagMatch | null;
  @Field(() => ID, { nullable: true, description: 'Clients this operator owns.' }) @IsOptional() @Allow() ownerId?: string | null;
  @Field(() => Boolean, { nullable: true, description: 'true: clients without an owner (not with ownerId).' }) @IsOptional() @Allow() unassigned?: boolean | null;
  @Field(() => [ClientCustomFieldFilterInput], { nullable: true }) @IsOptional() @Allow() customFields?: ClientCustomFieldFilterInput[] | null;
  @Field(() => String, { nullable: true, description: 'Created at or after (ISO 8601 date or date-time).' }) @IsOptional() @Allow() createdFrom?: string | null;
  @Field(() => String, { nullable: true, description: 'Created before (ISO 8601; a date alone means the end of that day, UTC).' }) @IsOptional() @Allow() createdTo?: string | null;
  @Field(() => String, { nullable: true, description: 'Part of the name, e-mail or phone (at least 3 characters; a phone in any format).' }) @IsOptional() @Allow() query?: string | null;
}

@ObjectType('ClientConnection')
export class ClientConnectionObject {
  @Field(() => [ContactObject]) nodes: ContactObject[];
  @Field(() => PageInfoObject) pageInfo: PageInfoObject;
}
