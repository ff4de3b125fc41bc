import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuthUser } from '@parley/api/platform/auth';
import { badInput } from '@parley/api/platform/graphql';
import { ChatAttachment } from '@parley/shared/contracts';
import { DataSource } from 'typeorm';
import { GENERATED_ATTACHMENT_STORE, GeneratedAttachmentStore } from '../documents/generated-attachment.port';
import { ORDER_DOCUMENT_MIME, OrderDocumentInput, OrderDocumentKind, renderOrderDocument } from '../documents/order-document';
import { OrderObject } from './order.object';
import { OrdersService } from './orders.service';
import { Money } from './order-totals';

const KINDS: readonly OrderDocumentKind[] = ['invoice', 'order_form'];

/**
 * "Send printable document" (E5): the order as an invoice or an order form, a real PDF (pdfkit,
 * DejaVu embedded: Cyrillic, Polish and Hebrew names print), stored as the operator's unsent
 * attachment in the conversation, so the composer attaches it and the agent may add text first.
 */
@Injectable()
export class OrderDocumentService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly orders: OrdersService,
    @Inject(GENERATED_ATTACHMENT_STORE) private readonly store: GeneratedAttachmentStore,
  ) {}

  async make(user: AuthUser, orderId: string, conversationId: string, kind: string, locale?: string | null): Promise<ChatAttachment> {
    await this.orders.assertMayManage(user);
    if (!KINDS.includes(kind as OrderDocumentKind)) throw badInput('invoice or order_form', { field: 'kind' });
    if (locale !== null && locale !== undefined && (typeof locale !== 'string' || !/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(locale))) throw badInput('A language tag such as en or pl', { field: 'locale' });
    const order = await this.orders.get(user, orderId);
    if (order.isDraft) throw badInput('Place the order before printing it', { field: 'orderId' });
    const [ws] = await this.db.query(`SELECT name FROM workspaces WHERE id = $1`, [user.workspaceId]);
    const pdf = await renderOrderDocument(documentInput(order, kind as OrderDocumentKind, locale || 'en', String(ws?.name ?? 'Shop')));
    const name = `${kind === 'invoice' ? 'Invoice' : 'Order'}-${order.number}.pdf`;
    return this.store.storeGenerated(user, conversationId, name, ORDER_DOCUMENT_MIME, pdf);
  }
}

export function documentInput(order: OrderObject, kind: OrderDocumentKind, locale: string, shopName: string): OrderDocumentInput {
  const c = order.customer;
  const d = order.delivery;
  const address = [d.street, [d.postalCode, d.city].filter(Boolean).join(' '), d.region].filter((l): l is string => !!l);
  const discount = new Money(order.totals.discount);
  return {
    kind,
    locale,
    currency: order.currency,
    shop: { name: shopName },
    order: { number: String(order.number), createdAt: order.placedAt ?? order.createdAt, statusName: order.status.name },
    customer: { name: [c.firstName, c.lastName].filter(Boolean).join(' ') || '—', phone: c.phone, email: c.email, addressLines: address },
    items: order.items.map((i) => ({ sku: i.sku, name: i.name, quantity: i.quantity, unitPrice: i.unitPrice, lineTotal: i.lineTotal })),
    totals: {
      goods: order.totals.goods,
      discount: discount.isZero() ? null : { amount: order.totals.discount, percent: order.discount?.kind === 'percent' ? order.discount.value : null },
      total: order.totals.total,
      paid: order.totals.paid,
      amountDue: order.totals.due,
    },
    delivery: d.type || new Money(d.cost).greaterThan(0) ? { type: d.type, service: d.service, addressLines: address, date: d.date, slot: d.slot, cost: d.cost } : null,
    payments: order.payments.map((p) => ({ type: p.type.name, status: p.status, date: p.paidAt ? p.paidAt.toISOString().slice(0, 10) : null, amount: p.amount })),
    notes: order.comment,
  };
}
