import { Field, ID, InputType, ObjectType } from '@nestjs/graphql';
import { Allow, IsOptional } from 'class-validator';
import { OrderCustomFieldType, OrderStatusGroup } from './order.object';

@InputType()
export class CreateOrderStatusInput {
  @Field() @Allow() name: string;
  @Field(() => OrderStatusGroup) @Allow() group: OrderStatusGroup;
}

@InputType({ description: 'Omitted fields stay as they are. A status is switched off (active: false), never deleted: orders keep it.' })
export class UpdateOrderStatusInput {
  @Field(() => ID) @Allow() id: string;
  @Field(() => String, { nullable: true }) @IsOptional() name?: string | null;
  @Field(() => OrderStatusGroup, { nullable: true }) @IsOptional() group?: OrderStatusGroup | null;
  @Field(() => Boolean, { nullable: true }) @IsOptional() active?: boolean | null;
}

@InputType()
export class CreatePaymentTypeInput {
  @Field() @Allow() name: string;
  @Field(() => String, { nullable: true, description: 'The acquirer that sends this type’s payment links (test, stripe), or null.' }) @IsOptional() acquirer?: string | null;
}

@InputType({ description: 'Omitted fields stay as they are; acquirer: null disconnects the type from its acquirer.' })
export class UpdatePaymentTypeInput {
  @Field(() => ID) @Allow() id: string;
  @Field(() => String, { nullable: true }) @IsOptional() name?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() acquirer?: string | null;
  @Field(() => Boolean, { nullable: true }) @IsOptional() active?: boolean | null;
}

@InputType()
export class CreateOrderCustomFieldInput {
  @Field() @Allow() name: string;
  @Field(() => String, { nullable: true, description: 'A slug (lower-case latin letters, digits, dashes); made from the name when omitted. It cannot change.' }) @IsOptional() key?: string | null;
  @Field(() => OrderCustomFieldType) @Allow() type: OrderCustomFieldType;
  @Field(() => [String], { nullable: true }) @IsOptional() options?: string[] | null;
  @Field(() => Boolean, { nullable: true }) @IsOptional() required?: boolean | null;
  @Field(() => Boolean, { nullable: true }) @IsOptional() pinned?: boolean | null;
}

@InputType({ description: 'Omitted fields stay; the key and the type cannot change.' })
export class UpdateOrderCustomFieldInput {
  @Field(() => ID) @Allow() id: string;
  @Field(() => String, { nullable: true }) @IsOptional() name?: string | null;
  @Field(() => [String], { nullable: true }) @IsOptional() options?: string[] | null;
  @Field(() => Boolean, { nullable: true }) @IsOptional() required?: boolean | null;
  @Field(() => Boolean, { nullable: true }) @IsOptional() pinned?: boolean | null;
  @Field(() => Boolean, { nullable: true }) @IsOptional() active?: boolean | null;
}

/** What Topics.orderSettings carries. */
export interface OrderSettingsEventPayload {
  workspaceId: string;
  kind: 'statuses' | 'payment_types' | 'custom_fields';
}

@ObjectType('OrderSettingsEvent', { description: 'The workspace’s order statuses, payment types or custom order fields changed; screens showing them refetch.' })
export class OrderSettingsEventObject {
  @Field(() => String, { description: 'statuses, payment_types or custom_fields' }) kind: string;
}
