import { DynamicModule, ForwardReference, Module, Type } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ContactsModule } from '@parley/api/contacts';
import { IdentityModule } from '@parley/api/identity';
import { ClientProductsResolver } from './client-products/client-products.resolver';
import { ClientProductsService } from './client-products/client-products.service';
import { CommerceMergeStep } from './client-products/commerce-merge.step';
import { MESSAGE_POSTER, MessagePoster } from './client-products/message-poster.port';
import { CatalogueService } from './products/catalogue.service';
import { ProductEntity } from './products/product.entity';
import { ProductsResolver } from './products/products.resolver';
import { ProductsService } from './products/products.service';
import { DeliveryRulesResolver } from './delivery/delivery-rules.resolver';
import { DeliveryRulesService } from './delivery/delivery-rules.service';
import { DELIVERY_COST, DeliveryCostSource } from './orders/delivery-cost.port';
import { OrderDocumentService } from './orders/order-document.service';
import { OrderCustomFieldsResolver } from './orders/order-custom-fields.resolver';
import { OrderCustomFieldsService } from './orders/order-custom-fields.service';
import { OrderSettingsResolver } from './orders/order-settings.resolver';
import { OrderSettingsService } from './orders/order-settings.service';
import { OrdersResolver } from './orders/orders.resolver';
import { GENERATED_ATTACHMENT_STORE, GeneratedAttachmentStore } from './documents/generated-attachment.port';
import { OrdersService } from './orders/orders.service';
import { ACQUIRERS } from './payments/acquirer';
import { AcquirerRegistry } from './payments/acquirer-registry';
import { AcquirerSettingsService } from './payments/acquirer-settings.service';
import { AcquirerWebhookController } from './payments/acquirer-webhook.controller';
import { PayPageController } from './payments/pay-page.controller';
import { PaymentLinksResolver } from './payments/payment-links.resolver';
import { PaymentLinksService } from './payments/payment-links.service';
import { StripeAcquirer } from './payments/stripe-acquirer';
import { TestAcquirer } from './payments/test-acquirer';

export interface CommerceModuleOptions {
  /** Modules of which one exports `messagePoster` (the conversations domain's ConversationsModule). */
  imports: Array<Type<unknown> | DynamicModule | ForwardReference>;
  /** Posts an operator's message with a card into a conversation (MESSAGE_POSTER). */
  messagePoster: Type<MessagePoster>;
  /** The orders' delivery cost source (DELIVERY_COST); by default the workspace's delivery rules (DeliveryRulesService, Settings › Delivery). */
  deliveryCost?: Type<DeliveryCostSource>;
  /** Stores a generated PDF as the operator's unsent attachment (the conversations' GeneratedAttachmentsService). */
  attachmentStore: Type<GeneratedAttachmentStore>;
}

/**
 * The commerce domain (SPEC E): the catalogue (`products/`: search, filters, price types, create
 * and edit, E3/E10) and the client's interesting products with product cards
 * (`client-products/`, E3) and orders (`orders/`, E5: statuses, payment types, the client's
 * orders and draft, exact totals, gapless numbers) with their delivery cost rules (`delivery/`,
 * Settings › Delivery: the default DELIVERY_COST) and payment links (`payments/`, E5: the
 * test acquirer's hosted page and Stripe Checkout behind one Acquirer interface). It depends on contacts (the
 * client) and identity; never on conversations: a card goes into a chat through its
 * MESSAGE_POSTER port, wired by the app with
 * `CommerceModule.register({ imports: [ConversationsModule], messagePoster: ConversationsService })`.
 * Other domains read products through ProductsService, never the table.
 */
@Module({})
export class CommerceModule {
  static register(options: CommerceModuleOptions): DynamicModule {
    return {
      module: CommerceModule,
      imports: [TypeOrmModule.forFeature([ProductEntity]), ContactsModule, IdentityModule, ...options.imports],
      providers: [
        ProductsService,
        CatalogueService,
        ProductsResolver,
        ClientProductsService,
        ClientProductsResolver,
        CommerceMergeStep,
        { provide: MESSAGE_POSTER, useExisting: options.messagePoster },
        OrdersService,
        OrdersResolver,
        OrderSettingsService,
        OrderSettingsResolver,
        OrderCustomFieldsService,
        OrderCustomFieldsResolver,
        DeliveryRulesService,
        DeliveryRulesResolver,
        options.deliveryCost ? { provide: DELIVERY_COST, useClass: options.deliveryCost } : { provide: DELIVERY_COST, useExisting: DeliveryRulesService },
        OrderDocumentService,
        { provide: GENERATED_ATTACHMENT_STORE, useExisting: options.attachmentStore },
        // payment links (E5): the acquirers are listed here once; the registry finds them by kind
        TestAcquirer,
        StripeAcquirer,
        { provide: ACQUIRERS, useFactory: (...acquirers: unknown[]) => acquirers, inject: [TestAcquirer, StripeAcquirer] },
        AcquirerRegistry,
        AcquirerSettingsService,
        PaymentLinksService,
        PaymentLinksResolver,
      ],
      controllers: [PayPageController, AcquirerWebhookController],
      exports: [ProductsService, CatalogueService, ClientProductsService, OrdersService, DeliveryRulesService],
    };
  }
}
