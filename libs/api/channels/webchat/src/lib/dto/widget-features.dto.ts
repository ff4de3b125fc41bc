import { Field, InputType, Int, ObjectType } from '@nestjs/graphql';
import { DisplayAction, DisplayRules, PreChatField } from '@parley/shared/contracts';
import { PreChatFieldKeyEnum, WebchatDefaultDisplayActionEnum, WebchatDisplayActionEnum } from './webchat-enums';
import { Allow } from 'class-validator';

// Field rules live in validatePreChat / validateDisplayRules (one message per field path).

@InputType()
export class PreChatFieldInput {
  @Field(() => PreChatFieldKeyEnum) @Allow() field: string;
  @Field() @Allow() required: boolean;
}

@InputType()
export class PreChatInput {
  @Field() @Allow() enabled: boolean;
  @Field(() => [PreChatFieldInput]) @Allow() fields: PreChatFieldInput[];
  @Field({ description: 'Do not show the form to contacts the workspace already knows' }) @Allow() skipKnownContacts: boolean;
}

@InputType()
export class DisplayRuleInput {
  @Field(() => [String]) @Allow() domains: string[];
  @Field() @Allow() urlContains: string;
  @Field() @Allow() urlNotContains: string;
  @Field() @Allow() urlPattern: string;
  @Field(() => [String]) @Allow() countries: string[];
  @Field(() => WebchatDisplayActionEnum) @Allow() action: string;
  @Field() @Allow() teaserText: string;
  @Field(() => Int) @Allow() openAfterSeconds: number;
}

@InputType()
export class DisplayRulesInput {
  @Field() @Allow() hideOnMobile: boolean;
  @Field(() => [DisplayRuleInput]) @Allow() rules: DisplayRuleInput[];
  @Field(() => WebchatDefaultDisplayActionEnum) @Allow() defaultAction: string;
}

@ObjectType('WebchatPreChatField')
export class PreChatFieldObject {
  @Field(() => PreChatFieldKeyEnum) field: PreChatField;
  @Field() required: boolean;
}

@ObjectType('WebchatPreChat', { description: 'Pre-chat form (SPEC C3): the widget asks only for fields the contact lacks.' })
export class PreChatObject {
  @Field() enabled: boolean;
  @Field(() => [PreChatFieldObject]) fields: PreChatFieldObject[];
  @Field() skipKnownContacts: boolean;
}

@ObjectType('WebchatDisplayRule', { description: 'Conditions that are set must all match; the first matching rule decides.' })
export class DisplayRuleObject {
  @Field(() => [String]) domains: string[];
  @Field() urlContains: string;
  @Field() urlNotContains: string;
  @Field({ description: 'Glob on the whole URL: * any text, ? one character' }) urlPattern: string;
  @Field(() => [String], { description: 'ISO 3166-1 alpha-2 codes' }) countries: string[];
  @Field(() => WebchatDisplayActionEnum) action: DisplayAction;
  @Field() teaserText: string;
  @Field(() => Int) openAfterSeconds: number;
}

@ObjectType('WebchatDisplayRules', { description: 'Where and how the widget shows (SPEC C4).' })
export class DisplayRulesObject {
  @Field() hideOnMobile: boolean;
  @Field(() => [DisplayRuleObject]) rules: DisplayRuleObject[];
  @Field(() => WebchatDefaultDisplayActionEnum) defaultAction: DisplayRules['defaultAction'];
}
