import { Field, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { PageInfoObject } from '@parley/api/platform/graphql';
import { Allow, IsOptional, IsUUID } from 'class-validator';

export enum OrderStatusGroup {
  new = 'new',
  approval = 'approval',
  assembling = 'assembling',
  delivery = 'delivery',
  complete = 'complete',
  cancelled = 'cancelled',
}
registerEnumType(OrderStatusGroup, { name: 'OrderStatusGroup', description: 'The six groups order statuses are configured in.' });

export enum OrderPaymentStatus {
  pending = 'pending',
  paid = 'paid',
  failed = 'failed',
  cancelled = 'cancelled',
  refunded = 'refunded',
}
registerEnumType(OrderPaymentStatus, { name: 'OrderPaymentStatus' });

export enum OrderPaymentState {
  none = 'none',
  partial = 'partial',
  full = 'full',
}
registerEnumType(OrderPaymentState, { name: 'OrderPaymentState', description: 'How much of the total the paid payments cover: none, partial or full.' });

export enum OrderDiscountKind {
  amount = 'amount',
  percent = 'percent',
}
registerEnumType(OrderDiscountKind, { name: 'OrderDiscountKind' });

export enum OrderCustomFieldType {
  text = 'text',
  number = 'number',
  date = 'date',
  select = 'select',
  checkbox = 'checkbox',
}
registerEnumType(OrderCustomFieldType, { name: 'OrderCustomFieldType', description: 'The kinds of custom order field (values travel as strings: a decimal, YYYY-MM-DD, an option, true/false).' });

@ObjectType('OrderCustomField', { description: 'Issue #12 (E5): an order field an admin defined (Settings › Orders › Order fields).' })
export class OrderCustomFieldObject {
  @Field(() => ID) id: string;
  @Field({ description: 'A slug, unique in the workspace: the value’s key in Order.custom and SaveOrderInput.custom.' }) key: string;
  @Field() name: string;
  @Field(() => OrderCustomFieldType) type: OrderCustomFieldType;
  @Field(() => [String], { description: 'A select’s choices.' }) options: string[];
  @Field({ description: 'Enforced when the order is placed (and on later saves), not for a draft.' }) required: boolean;
  @Field({ description: 'Shown in every order’s Extra fields; the others are added through the drawer’s search.' }) pinned: boolean;
  @Field(() => Int) position: number;
  @Field({ description: 'A switched-off field keeps the values orders have and takes no new ones.' }) active: boolean;
}

@ObjectType('OrderExtraSuggestions', { description: 'The “Main” values used on the workspace’s recent orders (the latest 500), for the drawer’s suggestions.' })
export class OrderExtraSuggestionsObject {
  @Field(() => [String]) countries: string[];
  @Field(() => [String]) orderTypes: string[];
  @Field(() => [String]) orderMethods: string[];
  @Field(() => [String]) stores: string[];
}

@ObjectType('OrderManagerOption', { description: 'An active operator of the workspace, to be an order’s manager.' })
export class OrderManagerOptionObject {
  @Field(() => ID) id: string;
  @Field() displayName: string;
}

@ObjectType('OrderCustomValue', { description: 'An order’s value of a custom field, as a string.' })
export class OrderCustomValueObject {
  @Field() key: string;
  @Field() value: string;
}

@ObjectType('OrderStatus', { description: 'Issue #12 (E5): an order status (configured by admins in groups).' })
export class OrderStatusObject {
  @Field(() => ID) id: string;
  @Field() code: string;
  @Field() name: string;
  @Field(() => OrderStatusGroup) group: OrderStatusGroup;
  @Field(() => Int) position: number;
  @Field() active: boolean;
}

@ObjectType('PaymentType', { description: 'A way to pay (cash, card online…); one connected to an acquirer can send a payment link.' })
export class PaymentTypeObject {
  @Field(() => ID) id: string;
  @Field() code: string;
  @Field() name: string;
  @Field(() => String, { nullable: true, description: 'The acquirer whose payment links this type sends (e.g. test, stripe); null when paid outside Parley.' }) acquirer: string | null;
  @Field() active: boolean;
}

@ObjectType('OrderItem')
export class OrderItemObject {
  @Field(() => ID) id: string;
  @Field(() => ID, { nullable: true, description: 'The catalogue product (null for a free line, or when the product was deleted).' }) productId: string | null;
  @Field(() => String, { nullable: true }) sku: string | null;
  @Field() name: string;
  @Field({ description: 'Decimal string, up to 3 decimals.' }) quantity: string;
  @Field(() => String, { nullable: true, description: 'The catalogue price in the order’s price type when added.' }) listPrice: string | null;
  @Field({ description: 'The price the client pays per unit (the list price or the operator’s override).' }) unitPrice: string;
  @Field(() => String, { nullable: true }) weightKg: string | null;
  @Field({ description: 'quantity × unit price, rounded to the currency’s minor units.' }) lineTotal: string;
  @Field(() => String, { nullable: true, description: 'The product’s image, when it still is in the catalogue.' }) imageUrl: string | null;
}

@ObjectType('OrderDiscount')
export class OrderDiscountObject {
  @Field(() => OrderDiscountKind) kind: OrderDiscountKind;
  @Field({ description: 'An amount in the order’s currency, or a percent of the goods.' }) value: string;
}

@ObjectType('OrderTotals', { description: 'Computed by the server with exact decimal arithmetic; decimal strings in the order’s currency.' })
export class OrderTotalsObject {
  @Field() goods: string;
  @Field() discount: string;
  @Field() delivery: string;
  @Field() total: string;
  @Field() paid: string;
  @Field({ description: 'total − paid (negative when overpaid).' }) due: string;
  @Field(() => OrderPaymentState) paymentState: OrderPaymentState;
  @Field() weightKg: string;
}

@ObjectType('OrderCustomer')
export class OrderCustomerObject {
  @Field(() => String, { nullable: true }) firstName: string | null;
  @Field(() => String, { nullable: true }) lastName: string | null;
  @Field(() => String, { nullable: true }) phone: string | null;
  @Field(() => String, { nullable: true }) email: string | null;
}

@ObjectType('OrderDelivery')
export class OrderDeliveryObject {
  @Field(() => String, { nullable: true, description: 'courier, pickup, post…' }) type: string | null;
  @Field(() => String, { nullable: true }) service: string | null;
  @Field(() => String, { nullable: true }) region: string | null;
  @Field(() => String, { nullable: true }) city: string | null;
  @Field(() => String, { nullable: true }) street: string | null;
  @Field(() => String, { nullable: true }) postalCode: string | null;
  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD' }) date: string | null;
  @Field(() => String, { nullable: true, description: 'A time slot such as 10:00–14:00' }) slot: string | null;
  @Field() cost: string;
  @Field({ description: 'The operator typed the cost; otherwise the first matching delivery cost rule sets it.' }) costManual: boolean;
  @Field(() => ID, { nullable: true }) ruleId: string | null;
  @Field(() => String, { nullable: true, description: 'The delivery cost rule that set the cost.' }) ruleName: string | null;
}

@ObjectType('OrderPayment')
export class OrderPaymentObject {
  @Field(() => ID) id: string;
  @Field(() => PaymentTypeObject) type: PaymentTypeObject;
  @Field(() => OrderPaymentStatus) status: OrderPaymentStatus;
  @Field() amount: string;
  @Field(() => Date, { nullable: true }) paidAt: Date | null;
}

@ObjectType('OrderExtra', { description: 'The drawer’s “Main” fields.' })
export class OrderExtraObject {
  @Field(() => String, { nullable: true }) country: string | null;
  @Field(() => String, { nullable: true }) orderType: string | null;
  @Field(() => String, { nullable: true }) orderMethod: string | null;
  @Field(() => String, { nullable: true }) store: string | null;
  @Field(() => ID, { nullable: true }) managerId: string | null;
  @Field(() => String, { nullable: true }) managerName: string | null;
}

@ObjectType('Order', { description: 'Issue #12 (E5): a client’s order; a draft (no number yet) until it is placed.' })
export class OrderObject {
  @Field(() => ID) id: string;
  @Field(() => Int, { nullable: true, description: 'Gapless per workspace; null while the order is the client’s draft.' }) number: number | null;
  @Field() isDraft: boolean;
  @Field(() => ID) clientId: string;
  @Field(() => ID, { nullable: true }) conversationId: string | null;
  @Field(() => OrderStatusObject) status: OrderStatusObject;
  @Field() currency: string;
  @Field(() => ID, { nullable: true }) priceTypeId: string | null;
  @Field(() => OrderCustomerObject) customer: OrderCustomerObject;
  @Field(() => [OrderItemObject]) items: OrderItemObject[];
  @Field(() => OrderDiscountObject, { nullable: true }) discount: OrderDiscountObject | null;
  @Field(() => OrderTotalsObject) totals: OrderTotalsObject;
  @Field(() => OrderDeliveryObject) delivery: OrderDeliveryObject;
  @Field(() => [OrderPaymentObject]) payments: OrderPaymentObject[];
  @Field(() => OrderExtraObject) extra: OrderExtraObject;
  @Field(() => [OrderCustomValueObject], { description: 'The custom fields’ values (a switched-off field’s stored value included).' }) custom: OrderCustomValueObject[];
  @Field(() => String, { nullable: true }) comment: string | null;
  @Field(() => Int, { description: 'Send it back as expectedVersion: a save over someone else’s newer change is refused (CONFLICT).' }) version: number;
  @Field(() => String, { nullable: true }) createdByName: string | null;
  @Field() createdAt: Date;
  @Field() updatedAt: Date;
  @Field(() => Date, { nullable: true }) placedAt: Date | null;
}

@ObjectType('OrderConnection')
export class OrderConnectionObject {
  @Field(() => [OrderObject]) nodes: OrderObject[];
  @Field(() => PageInfoObject) pageInfo: PageInfoObject;
}

@ObjectType('OrderFieldError', { description: 'A field at fault (items.2.quantity, discount.value, delivery.cost, payments.0.amount…) or "order" for the order as a whole.' })
export class OrderFieldErrorObject {
  @Field() field: string;
  @Field() message: string;
}

@ObjectType('OrderPreview', { description: 'The totals of an order being edited, computed as the operator types, with what would be refused on save.' })
export class OrderPreviewObject {
  @Field(() => OrderTotalsObject) totals: OrderTotalsObject;
  @Field(() => [String], { description: 'Each item’s line total, in the input’s order (0 where the item is invalid).' }) lineTotals: string[];
  @Field() deliveryCost: string;
  @Field(() => ID, { nullable: true }) deliveryRuleId: string | null;
  @Field(() => String, { nullable: true }) deliveryRuleName: string | null;
  @Field(() => [OrderFieldErrorObject], { description: 'What a save would refuse, under the fields (for placing the order).' }) errors: OrderFieldErrorObject[];
}

@InputType()
export class OrderItemInput {
  @Field(() => ID, { nullable: true, description: 'A catalogue product: its SKU, name, weight and price in the order’s price type are taken from it.' }) @Allow() productId?: string | null;
  @Field(() => String, { nullable: true, description: 'For a free line (no product).' }) @Allow() name?: string | null;
  @Field(() => String, { nullable: true }) @Allow() sku?: string | null;
  @Field({ description: 'A decimal string > 0 with at most 3 decimals.' }) @Allow() quantity: string;
  @Field(() => String, { nullable: true, description: 'Overrides the list price (required for a free line).' }) @Allow() unitPrice?: string | null;
}

@InputType()
export class OrderDiscountInput {
  @Field(() => OrderDiscountKind) @Allow() kind: OrderDiscountKind;
  @Field() @Allow() value: string;
}

@InputType()
export class OrderCustomerInput {
  @Field(() => String, { nullable: true }) @Allow() firstName?: string | null;
  @Field(() => String, { nullable: true }) @Allow() lastName?: string | null;
  @Field(() => String, { nullable: true }) @Allow() phone?: string | null;
  @Field(() => String, { nullable: true }) @Allow() email?: string | null;
}

@InputType()
export class OrderDeliveryInput {
  @Field(() => String, { nullable: true }) @Allow() type?: string | null;
  @Field(() => String, { nullable: true }) @Allow() service?: string | null;
  @Field(() => String, { nullable: true }) @Allow() region?: string | null;
  @Field(() => String, { nullable: true }) @Allow() city?: string | null;
  @Field(() => String, { nullable: true }) @Allow() street?: string | null;
  @Field(() => String, { nullable: true }) @Allow() postalCode?: string | null;
  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD' }) @Allow() date?: string | null;
  @Field(() => String, { nullable: true }) @Allow() slot?: string | null;
  @Field(() => String, { nullable: true, description: 'A cost typed by the operator; omit it to let the delivery cost rules set it.' }) @Allow() cost?: string | null;
}

@InputType()
export class OrderPaymentInput {
  @Field(() => ID, { nullable: true, description: 'An existing payment of this order (kept), or omitted for a new one.' }) @Allow() id?: string | null;
  @Field({ description: 'The payment type’s code.' }) @Allow() type: string;
  @Field(() => OrderPaymentStatus) @Allow() status: OrderPaymentStatus;
  @Field() @Allow() amount: string;
}

@InputType()
export class OrderExtraInput {
  @Field(() => String, { nullable: true }) @Allow() country?: string | null;
  @Field(() => String, { nullable: true }) @Allow() orderType?: string | null;
  @Field(() => String, { nullable: true }) @Allow() orderMethod?: string | null;
  @Field(() => String, { nullable: true }) @Allow() store?: string | null;
  @Field(() => ID, { nullable: true }) @Allow() managerId?: string | null;
}

@InputType()
export class OrderCustomValueInput {
  @Field({ description: 'The field’s key.' }) @Allow() key: string;
  @Field(() => String, { nullable: true, description: 'As a string (a decimal, YYYY-MM-DD, one of the options, true/false); null or empty clears it.' }) @Allow() value?: string | null;
}

@InputType({ description: 'The whole order as the drawer holds it: saved all at once or not at all.' })
export class SaveOrderInput {
  @Field(() => ID, { nullable: true, description: 'The order to change; omitted for a new one (which resumes the client’s draft when there is one).' })
  @IsOptional()
  @IsUUID('all', { message: 'id must be a UUID' })
  id?: string | null;
  @Field(() => ID) @IsUUID('all', { message: 'clientId must be a UUID' }) clientId: string;
  @Field(() => ID, { nullable: true, description: 'The conversation the order is made from.' }) @IsOptional() @IsUUID('all', { message: 'conversationId must be a UUID' }) conversationId?: string | null;
  @Field(() => Int, { nullable: true, description: 'The version the operator edited (from Order.version); a newer one on the server is a CONFLICT.' }) @Allow() expectedVersion?: number | null;
  @Field({ description: 'true: keep it as the client’s draft (lenient: may be half-filled). false: place it (a number is given) or save a placed order (fully validated).' }) @Allow() draft: boolean;
  @Field(() => String, { nullable: true, description: 'The status’s code (the first status of the “new” group when omitted).' }) @Allow() status?: string | null;
  @Field(() => String, { nullable: true, description: 'The base price type’s currency when omitted.' }) @Allow() currency?: string | null;
  @Field(() => ID, { nullable: true, description: 'The price type products are priced in.' }) @Allow() priceTypeId?: string | null;
  @Field(() => OrderCustomerInput, { nullable: true }) @Allow() customer?: OrderCustomerInput | null;
  @Field(() => [OrderItemInput]) @Allow() items: OrderItemInput[];
  @Field(() => OrderDiscountInput, { nullable: true }) @Allow() discount?: OrderDiscountInput | null;
  @Field(() => OrderDeliveryInput, { nullable: true }) @Allow() delivery?: OrderDeliveryInput | null;
  @Field(() => [OrderPaymentInput], { nullable: true }) @Allow() payments?: OrderPaymentInput[] | null;
  @Field(() => OrderExtraInput, { nullable: true }) @Allow() extra?: OrderExtraInput | null;
  @Field(() => [OrderCustomValueInput], { nullable: true, description: 'The custom fields’ values; omitted keeps the stored ones, a key left out of a given list is cleared.' }) @Allow() custom?: OrderCustomValueInput[] | null;
  @Field(() => String, { nullable: true }) @Allow() comment?: string | null;
}

@InputType()
export class SetOrderStatusInput {
  @Field(() => ID) @IsUUID('all', { message: 'orderId must be a UUID' }) orderId: string;
  @Field({ description: 'The status’s code.' }) @Allow() status: string;
}

@InputType()
export class SendOrderSummaryInput {
  @Field(() => ID) @IsUUID('all', { message: 'orderId must be a UUID' }) orderId: string;
  @Field(() => ID) @IsUUID('all', { message: 'conversationId must be a UUID' }) conversationId: string;
  @Field({ description: 'Idempotency key of the message.' }) @Allow() clientId: string;
}

@InputType()
export class MakeOrderDocumentInput {
  @Field(() => ID) @IsUUID('all', { message: 'orderId must be a UUID' }) orderId: string;
  @Field(() => ID, { description: 'The conversation whose composer attaches the document.' }) @IsUUID('all', { message: 'conversationId must be a UUID' }) conversationId: string;
  @Field({ description: 'invoice or order_form' }) @Allow() kind: string;
  @Field(() => String, { nullable: true, description: 'The labels’ and numbers’ language (en, pl, ru, uk, it, he…); en by default.' }) @Allow() locale?: string | null;
}

@ObjectType('OrderDocumentFile', { description: 'The PDF stored as the operator’s unsent attachment in the conversation: send it with sendMessage’s attachmentIds.' })
export class OrderDocumentFileObject {
  @Field(() => ID) id: string;
  @Field() name: string;
  @Field() mime: string;
  @Field(() => Int) size: number;
  @Field({ description: 'A signed link for the preview.' }) url: string;
}
