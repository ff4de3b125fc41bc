import { Field, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Allow } from 'class-validator';
import { DeliveryRuleOutcome } from './delivery-rules.evaluator';

registerEnumType(DeliveryRuleOutcome, { name: 'DeliveryRuleOutcome', description: 'E5: a delivery rule in a test — matched (the first that applies), not_matched (reasons), inactive (switched off) or not_reached (after the match).' });

export enum DeliveryRulesChangeKind {
  saved = 'saved',
  deleted = 'deleted',
  moved = 'moved',
}
registerEnumType(DeliveryRulesChangeKind, { name: 'DeliveryRulesChangeKind' });

@ObjectType('DeliveryRule', {
  description:
    'Issue #12 (E5): a delivery cost rule (Settings › Delivery). An order without a typed delivery cost takes the cost of the first active rule by position whose conditions all hold. Bounds are inclusive min, exclusive max (min ≤ value < max).',
})
export class DeliveryRuleObject {
  @Field(() => ID) id: string;
  @Field() name: string;
  @Field(() => Int, { description: '0 first.' }) position: number;
  @Field() active: boolean;
  @Field(() => String, { nullable: true, description: 'The order’s delivery type (courier, pickup, post…); null: any type.' }) deliveryType: string | null;
  @Field(() => [String], { description: 'Empty: any region; compared trimmed and case-insensitively.' }) regions: string[];
  @Field(() => String, { nullable: true, description: 'Decimal kg, inclusive.' }) minWeightKg: string | null;
  @Field(() => String, { nullable: true, description: 'Decimal kg, exclusive.' }) maxWeightKg: string | null;
  @Field(() => String, { nullable: true, description: 'The goods after the discount, inclusive, in `currency`.' }) minTotal: string | null;
  @Field(() => String, { nullable: true, description: 'Exclusive, in `currency`.' }) maxTotal: string | null;
  @Field(() => String, { nullable: true, description: 'The rule applies only to orders in this currency (null only for a free rule without total bounds: any currency).' }) currency: string | null;
  @Field({ description: 'A decimal string ≥ 0 in `currency`.' }) cost: string;
  @Field(() => Int) version: number;
  @Field() updatedAt: Date;
}

@InputType({ description: 'The whole rule as the form has it (update replaces every field). Money: decimal strings with at most the currency’s decimals; weights: at most 3 decimals.' })
export class DeliveryRuleInput {
  @Field() @Allow() name: string;
  @Field({ defaultValue: true }) @Allow() active: boolean;
  @Field(() => String, { nullable: true }) @Allow() deliveryType?: string | null;
  @Field(() => [String], { nullable: true, description: 'At most 50 regions of at most 100 characters.' }) @Allow() regions?: string[] | null;
  @Field(() => String, { nullable: true }) @Allow() minWeightKg?: string | null;
  @Field(() => String, { nullable: true }) @Allow() maxWeightKg?: string | null;
  @Field(() => String, { nullable: true }) @Allow() minTotal?: string | null;
  @Field(() => String, { nullable: true }) @Allow() maxTotal?: string | null;
  @Field(() => String, { nullable: true, description: 'ISO 4217; required with a total bound or a cost above 0.' }) @Allow() currency?: string | null;
  @Field() @Allow() cost: string;
}

@InputType()
export class CreateDeliveryRuleInput extends DeliveryRuleInput {}

@InputType()
export class UpdateDeliveryRuleInput extends DeliveryRuleInput {
  @Field(() => ID) @Allow() id: string;
  @Field(() => Int, { description: 'The version the form was opened at; CONFLICT when someone saved meanwhile.' }) @Allow() expectedVersion: number;
}

@InputType({ description: 'An order as the rules see it, for the admin’s tester.' })
export class TestDeliveryRulesInput {
  @Field(() => String, { nullable: true }) @Allow() deliveryType?: string | null;
  @Field(() => String, { nullable: true }) @Allow() region?: string | null;
  @Field(() => String, { nullable: true, description: 'Decimal kg; empty is 0.' }) @Allow() weightKg?: string | null;
  @Field(() => String, { nullable: true, description: 'The goods after the discount; empty is 0.' }) @Allow() total?: string | null;
  @Field() @Allow() currency: string;
}

@ObjectType('DeliveryRuleCheck', { description: 'One rule in a test: whether it matched and, if not, why (e.g. “weight 2.100 kg ≥ max 2.000 kg”).' })
export class DeliveryRuleCheckObject {
  @Field(() => ID) ruleId: string;
  @Field() ruleName: string;
  @Field(() => DeliveryRuleOutcome) outcome: DeliveryRuleOutcome;
  @Field(() => [String]) reasons: string[];
}

@ObjectType('DeliveryRulesTest')
export class DeliveryRulesTestObject {
  @Field(() => DeliveryRuleObject, { nullable: true, description: 'The first matching rule (null: none; the order’s delivery costs 0 unless typed).' }) rule: DeliveryRuleObject | null;
  @Field(() => String, { nullable: true }) cost: string | null;
  @Field() currency: string;
  @Field(() => [DeliveryRuleCheckObject], { description: 'Every rule in order.' }) checks: DeliveryRuleCheckObject[];
}

@ObjectType('DeliveryRulesChange', { description: 'Someone changed the workspace’s delivery rules (the page refetches).' })
export class DeliveryRulesChangeObject {
  @Field(() => DeliveryRulesChangeKind) kind: DeliveryRulesChangeKind;
  @Field(() => ID) ruleId: string;
  @Field(() => ID, { nullable: true }) actorId: string | null;
}

export interface DeliveryRulesChangePayload {
  workspaceId: string;
  kind: DeliveryRulesChangeKind;
  ruleId: string;
  actorId: string | null;
}
