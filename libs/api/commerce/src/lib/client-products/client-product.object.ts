import { Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { Allow, IsOptional, IsUUID } from 'class-validator';
import { ProductObject } from '../products/product.object';

@ObjectType('ClientProduct', { description: 'Issue #12 (E3): a product the client was interested in (the products widget beside the chat).' })
export class ClientProductObject {
  @Field(() => ProductObject) product: ProductObject;
  @Field() addedAt: Date;
  @Field(() => String, { nullable: true }) addedByName: string | null;
}

@InputType()
export class ClientProductInput {
  @Field(() => ID) @IsUUID('all', { message: 'contactId must be a UUID' }) contactId: string;
  @Field(() => ID) @IsUUID('all', { message: 'productId must be a UUID' }) productId: string;
}

@InputType()
export class SendProductCardInput {
  @Field(() => ID) @IsUUID('all', { message: 'conversationId must be a UUID' }) conversationId: string;
  @Field(() => ID) @IsUUID('all', { message: 'productId must be a UUID' }) productId: string;
  @Field(() => ID, { nullable: true, description: 'The price type whose amount and currency the card shows (the base one when omitted).' })
  @IsOptional()
  @IsUUID('all', { message: 'priceTypeId must be a UUID' })
  priceTypeId?: string | null;
  @Field({ description: 'Idempotency key of the message (a second send with it returns the same message).' }) @Allow() clientId: string;
}

@ObjectType('ProductCardSent', { description: 'The message that carries the card (it reaches every screen through the conversation’s live events).' })
export class ProductCardSentObject {
  @Field(() => ID) messageId: string;
  @Field(() => Int) seq: number;
}
