import { Field, ID, InputType, ObjectType } from '@nestjs/graphql';
import { Allow, IsOptional } from 'class-validator';
import { OrderStatusGroup } from './order.object';

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

/** What Topics.orderSettings carries. */
export interface OrderSettingsEventPayload {
  workspaceId: string;
  kind: 'statuses' | 'payment_types';
}

@ObjectType('OrderSettingsEvent', { description: 'The workspace’s order statuses or payment types changed; screens showing them refetch.' })
export class OrderSettingsEventObject {
  @Field(() => String, { description: 'statuses or payment_types' }) kind: string;
}
