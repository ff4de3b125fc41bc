import { Field, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Allow, IsOptional, IsUUID } from 'class-validator';

export enum PaymentLinkStatus {
  pending = 'pending',
  paid = 'paid',
  failed = 'failed',
  expired = 'expired',
}
registerEnumType(PaymentLinkStatus, { name: 'PaymentLinkStatus' });

@ObjectType('PaymentLink', { description: 'Issue #12 (E5): a payment link sent for one order payment.' })
export class PaymentLinkObject {
  @Field(() => ID) id: string;
  @Field(() => ID) paymentId: string;
  @Field(() => ID) orderId: string;
  @Field({ description: 'The acquirer kind (test, stripe).' }) acquirer: string;
  @Field({ description: 'What the client opens (http or https).' }) url: string;
  @Field(() => PaymentLinkStatus) status: PaymentLinkStatus;
  @Field({ description: 'Decimal string, copied from the payment when the link was made.' }) amount: string;
  @Field() currency: string;
  @Field(() => Date) createdAt: Date;
  @Field(() => Date) expiresAt: Date;
  @Field(() => Date, { nullable: true }) paidAt: Date | null;
  @Field(() => String, { nullable: true, description: 'The last refusal (a declined card), shown to the operator.' }) lastError: string | null;
}

@ObjectType('PaymentLinkSent')
export class PaymentLinkSentObject {
  @Field(() => PaymentLinkObject) link: PaymentLinkObject;
  @Field(() => ID) messageId: string;
  @Field(() => Int) seq: number;
}

@InputType()
export class SendPaymentLinkInput {
  @Field(() => ID) @IsUUID('all', { message: 'orderId must be a UUID' }) orderId: string;
  @Field(() => ID) @IsUUID('all', { message: 'paymentId must be a UUID' }) paymentId: string;
  @Field(() => ID, { nullable: true, description: 'The conversation to post into; the order’s conversation when omitted.' })
  @IsOptional()
  @IsUUID('all', { message: 'conversationId must be a UUID' })
  conversationId?: string | null;
  @Field({ description: 'Idempotency key of the message.' }) @Allow() clientId: string;
}

@ObjectType('AcquirerSettings', { description: 'An acquirer’s settings in the workspace; secrets are write-only (only whether they are set).' })
export class AcquirerSettingsObject {
  @Field() kind: string;
  @Field() label: string;
  @Field() enabled: boolean;
  @Field(() => [String], { description: 'The secrets it takes (e.g. secretKey, webhookSecret).' }) secretNames: string[];
  @Field(() => [String], { description: 'The secrets that are set.' }) secretsSet: string[];
  @Field(() => String, { nullable: true, description: 'Where the acquirer sends its webhook (to paste into its dashboard); null when it has none.' }) webhookUrl: string | null;
  @Field(() => String, { nullable: true, description: 'Why links cannot be sent yet (a missing secret), or null.' }) problem: string | null;
}

@InputType()
export class UpdateAcquirerSettingsInput {
  @Field() @Allow() kind: string;
  @Field() @Allow() enabled: boolean;
  @Field(() => String, { nullable: true, description: 'Stripe: the secret key (sk_…); omitted or empty keeps the stored one.' }) @Allow() secretKey?: string | null;
  @Field(() => String, { nullable: true, description: 'Stripe: the webhook signing secret (whsec_…); omitted or empty keeps the stored one.' }) @Allow() webhookSecret?: string | null;
  @Field(() => [String], { nullable: true, description: 'Secrets to remove.' }) @Allow() clearSecrets?: string[] | null;
}
