import { Field, InputType, ObjectType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { Allow, ArrayMaxSize, IsBoolean, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';

@ObjectType('SidePanelWidgetState', { description: 'One widget of the CRM side panel as the operator keeps it.' })
export class SidePanelWidgetStateObject {
  @Field({ description: 'The widget kind (client-basics, owner-tags, conversation, timeline, …).' }) kind: string;
  @Field({ description: 'Hidden by this operator (restored from the panel’s “Hidden widgets” menu).' }) hidden: boolean;
  @Field({ description: 'Collapsed to its title by this operator.' }) collapsed: boolean;
}

@ObjectType('SidePanelLayout', { description: 'Issue #11 (E0): the side panel of the caller — the same on every device.' })
export class SidePanelLayoutObject {
  @Field(() => [SidePanelWidgetStateObject], { description: 'Every enabled widget once, in the order shown: pinned ones first, then the operator’s order, then widgets new since they saved it.' })
  widgets: SidePanelWidgetStateObject[];
  @Field(() => [String], { description: 'Widgets an admin disabled for the workspace: absent for everyone.' })
  @Allow()
  disabledKinds: string[];
}

@InputType()
export class SidePanelWidgetStateInput {
  @Field() @IsString() @MaxLength(100, { message: 'kind is too long' }) kind: string;
  @Field({ nullable: true, defaultValue: false }) @IsOptional() @IsBoolean() hidden?: boolean;
  @Field({ nullable: true, defaultValue: false }) @IsOptional() @IsBoolean() collapsed?: boolean;
}

@InputType()
export class SaveSidePanelLayoutInput {
  @Field(() => [SidePanelWidgetStateInput], { description: 'The movable widgets in the order wanted, each once (pinned widgets are not named; unnamed ones follow in their default order).' })
  @ArrayMaxSize(50, { message: 'At most 50 widgets' })
  @ValidateNested({ each: true })
  @Type(() => SidePanelWidgetStateInput)
  widgets: SidePanelWidgetStateInput[];
}

@InputType()
export class SetSidePanelWidgetsDisabledInput {
  @Field(() => [String], { description: 'Every widget kind to disable for the workspace (the others are enabled); pinned widgets cannot be disabled.' })
  @Allow()
  disabledKinds: string[];
}
