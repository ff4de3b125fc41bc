import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ClientEventsService, ContactChangeKind } from '@parley/api/contacts';
import { AuthUser } from '@parley/api/platform/auth';
import { AppConfig } from '@parley/api/platform/config';
import { badInput, DomainException, isUuid, notFound } from '@parley/api/platform/graphql';
import { ErrorCode } from '@parley/shared/contracts';
import { randomBytes } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { priceText } from '../client-products/client-products.service';
import { MESSAGE_POSTER, MessagePoster } from '../client-products/message-poster.port';
import { OrderPaymentStatus } from '../orders/order.object';
import { OrdersService } from '../orders/orders.service';
import { formatAmount } from '../products/money';
import { Acquirer, AcquirerWebhookEvent } from './acquirer';
import { AcquirerRegistry } from './acquirer-registry';
import { AcquirerSettingsService, publicBase } from './acquirer-settings.service';
import { PaymentLinkObject, PaymentLinkStatus, SendPaymentLinkInput } from './payment-link.object';

type Row = Record<string, unknown>;

/** Why a link cannot be sent: `extensions.reason` of the BAD_USER_INPUT error. */
export const PaymentLinkRefusal = {
  noAcquirer: 'PAYMENT_TYPE_HAS_NO_ACQUIRER',
  acquirerOff: 'ACQUIRER_DISABLED',
  acquirerNotSet: 'ACQUIRER_NOT_CONFIGURED',
  notPending: 'PAYMENT_NOT_PENDING',
  draft: 'ORDER_IS_DRAFT',
  noConversation: 'NO_CONVERSATION',
} as const;

const refuse = (reason: string, message: string, field = 'paymentId') => badInput(message, { field, reason });

/** A link's page as the client sees it (the hosted page reads this, never the order tables). */
export interface PublicLink {
  id: string;
  workspaceId: string;
  token: string;
  acquirer: string;
  status: PaymentLinkStatus;
  amount: string;
  currency: string;
  url: string;
  orderNumber: number | null;
  shopName: string;
  expired: boolean;
  /** The payment was changed or removed since the link was made (it no longer pays that amount). */
  stale: boolean;
  lastError: string | null;
}

/**
 * Issue #12 (E5): payment links. "Send payment link" makes (or reuses) the open link of one
 * pending order payment through the payment type's acquirer and posts it into the conversation
 * through MESSAGE_POSTER (idempotent on clientId: nothing is sent twice). `markPaid` is the one
 * way a link gets paid — the test page and every acquirer's webhook end there: in one transaction
 * the link, the order payment and the order's paid total; after the commit `orders_changed`
 * turns the agent's widget paid live. Paying again changes nothing.
 */
@Injectable()
export class PaymentLinksService {
  private readonly log = new Logger('PaymentLinks');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly orders: OrdersService,
    private readonly registry: AcquirerRegistry,
    private readonly settings: AcquirerSettingsService,
    private readonly events: ClientEventsService,
    private readonly config: AppConfig,
    @Inject(MESSAGE_POSTER) private readonly poster: MessagePoster,
  ) {}

  async send(user: AuthUser, input: SendPaymentLinkInput): Promise<{ link: PaymentLinkObject; messageId: string; seq: number }> {
    await this.orders.assertMayManage(user);
    if (typeof input.clientId !== 'string' || !input.clientId || input.clientId.length > 100) throw badInput('clientId must be 1..100 characters', { field: 'clientId' });
    const order = await this.orders.get(user, input.orderId);
    const payment = order.payments.find((p) => p.id === input.paymentId);
    if (!payment) throw notFound('Payment');
    if (order.isDraft) throw refuse(PaymentLinkRefusal.draft, 'Place the order before sending a payment link', 'orderId');
    if (!payment.type.acquirer) throw refuse(PaymentLinkRefusal.noAcquirer, `“${payment.type.name}” is not paid online: it has no acquirer to send a link with`);
    const acquirer = this.registry.get(payment.type.acquirer);
    if (!acquirer) throw refuse(PaymentLinkRefusal.noAcquirer, `“${payment.type.name}” names an acquirer Parley does not know (${payment.type.acquirer})`);
    if (payment.status !== OrderPaymentStatus.pending) throw refuse(PaymentLinkRefusal.notPending, `This payment is ${payment.status}: only a pending payment gets a link`);
    const conversationId = input.conversationId ?? order.conversationId;
    if (!conversationId) throw refuse(PaymentLinkRefusal.noConversation, 'Open the order from a conversation to send its payment link', 'conversationId');
    const { enabled, ctx } = await this.settings.context(user.workspaceId, acquirer);
    if (!enabled) throw refuse(PaymentLinkRefusal.acquirerOff, `${acquirer.label} is switched off in Settings › Payments`);
    const problem = acquirer.missing(ctx);
    if (problem) throw refuse(PaymentLinkRefusal.acquirerNotSet, problem);

    const link = await this.openLink(user, order.id, order.number, payment.id, payment.amount, order.currency, acquirer);
    const amountText = priceText(link.amount, link.currency);
    const body = `${order.number === null ? 'Payment' : `Payment for order #${order.number}`}: ${amountText}\nPay here: ${link.url}`;
    const m = await this.poster.sendAsOperator(user, conversationId, input.clientId, body);
    await this.announce(user.workspaceId, order.clientId, user.operatorId);
    return { link, messageId: m.id, seq: m.seq };
  }

  /** The payment's newest link (the drawer's state), or null. */
  async forPayment(user: AuthUser, paymentId: string): Promise<PaymentLinkObject | null> {
    if (!isUuid(paymentId)) throw notFound('Payment');
    const [p] = await this.db.query(`SELECT 1 FROM order_payments WHERE id = $1 AND workspace_id = $2`, [paymentId, user.workspaceId]);
    if (!p) throw notFound('Payment');
    return (await this.latestFor(user.workspaceId, [paymentId]))[0];
  }

  /** The newest link of each payment, one query for any number (OrderPayment.link's DataLoader). */
  async latestFor(workspaceId: string, paymentIds: readonly string[]): Promise<Array<PaymentLinkObject | null>> {
    if (!paymentIds.length) return [];
    const rows: Row[] = await this.db.query(
      `SELECT DISTINCT ON (order_payment_id) * FROM payment_links
        WHERE order_payment_id = ANY($1::uuid[]) AND workspace_id = $2 ORDER BY order_payment_id, created_at DESC, id DESC`,
      [paymentIds, workspaceId],
    );
    const by = new Map(rows.map((r) => [r['order_payment_id'] as string, toLink(r)]));
    return paymentIds.map((id) => by.get(id) ?? null);
  }

  /** A link by its token, for its public page; null when there is none. */
  async byToken(token: string): Promise<PublicLink | null> {
    if (!/^[A-Za-z0-9_-]{32,64}$/.test(token)) return null;
    const [r]: Row[] = await this.db.query(
      `SELECT l.*, o.number AS order_number, w.name AS shop_name, op.amount AS payment_amount, op.status AS payment_status
         FROM payment_links l JOIN orders o ON o.id = l.order_id JOIN workspaces w ON w.id = l.workspace_id
         LEFT JOIN order_payments op ON op.id = l.order_payment_id
        WHERE l.token = $1`,
      [token],
    );
    if (!r) return null;
    const link = toLink(r);
    const status = link.status;
    const stale = status === PaymentLinkStatus.pending && (r['payment_amount'] === null || formatAmount(String(r['payment_amount']), link.currency) !== link.amount || !['pending', 'failed'].includes(String(r['payment_status'])));
    return {
      id: link.id,
      workspaceId: r['workspace_id'] as string,
      token,
      acquirer: link.acquirer,
      status,
      amount: link.amount,
      currency: link.currency,
      url: link.url,
      orderNumber: r['order_number'] === null ? null : Number(r['order_number']),
      shopName: String(r['shop_name']),
      expired: status === PaymentLinkStatus.expired || (status === PaymentLinkStatus.pending && link.expiresAt.getTime() <= Date.now()),
      stale,
      lastError: link.lastError,
    };
  }

  /** A declined attempt: the link stays payable; the operator sees why in the drawer. */
  async recordDecline(linkId: string, message: string): Promise<void> {
    const [r]: Row[] = await this.db.query(
      `UPDATE payment_links l SET last_error = $2 FROM orders o WHERE l.id = $1 AND l.status = 'pending' AND o.id = l.order_id RETURNING l.workspace_id, o.contact_id`,
      [linkId, message.slice(0, 500)],
    );
    if (r) await this.announce(r['workspace_id'] as string, r['contact_id'] as string, null);
  }

  /**
   * The one way a link is paid: the link, its order payment (paid, paid_at) and the order's
   * paid_total (recomputed from its paid payments, version + 1) in one transaction, then
   * `orders_changed` after the commit. true when this call paid it; false when it already was.
   */
  async markPaid(linkId: string): Promise<boolean> {
    const done = await this.db.transaction((m) => this.payInTx(m, { linkId }));
    if (done) await this.announce(done.workspaceId, done.contactId, null);
    return !!done;
  }

  /** markPaid's transaction body: the paid client (to announce after the commit), or null when nothing changed. */
  private async payInTx(tx: EntityManager, where: { linkId: string } | { acquirer: string; externalId: string; workspaceId: string }): Promise<{ workspaceId: string; contactId: string } | null> {
    const [link]: Row[] =
      'linkId' in where
        ? await tx.query(`SELECT * FROM payment_links WHERE id = $1 FOR UPDATE`, [where.linkId])
        : await tx.query(`SELECT * FROM payment_links WHERE acquirer = $1 AND external_id = $2 AND workspace_id = $3 FOR UPDATE`, [where.acquirer, where.externalId, where.workspaceId]);
    if (!link || link['status'] === 'paid') return null;
    const [order]: Row[] = await tx.query(`SELECT id, contact_id FROM orders WHERE id = $1 FOR UPDATE`, [link['order_id']]);
    if (!order) return null;
    const [payment]: Row[] = await tx.query(`SELECT amount, status FROM order_payments WHERE id = $1 FOR UPDATE`, [link['order_payment_id']]);
    // the money came in for the link's amount: a payment changed since (another amount, cancelled) is not
    // rewritten — the link says what was paid, for the operator to settle
    const matches = payment && String(payment['amount']) === String(link['amount']) && ['pending', 'failed'].includes(String(payment['status']));
    const note = matches ? null : `Paid ${String(link['amount'])} ${String(link['currency']).trim()}, but the payment was changed since the link was sent: check the order's payments`;
    await tx.query(`UPDATE payment_links SET status = 'paid', paid_at = now(), last_error = $2 WHERE id = $1`, [link['id'], note]);
    if (matches) await tx.query(`UPDATE order_payments SET status = 'paid', paid_at = coalesce(paid_at, now()) WHERE id = $1`, [link['order_payment_id']]);
    await tx.query(
      `UPDATE orders SET paid_total = (SELECT coalesce(sum(amount), 0) FROM order_payments WHERE order_id = $1 AND status = 'paid'), version = version + 1, updated_at = now() WHERE id = $1`,
      [order['id']],
    );
    return { workspaceId: link['workspace_id'] as string, contactId: order['contact_id'] as string };
  }

  /**
   * A verified webhook event: processed once (payment_webhook_events, same transaction as the
   * payment), a replay changes nothing. Returns what happened, for the answer and the log.
   */
  async handleWebhookEvent(acquirer: Acquirer, workspaceId: string, event: AcquirerWebhookEvent): Promise<'paid' | 'expired' | 'duplicate' | 'ignored'> {
    let outcome: 'paid' | 'expired' | 'duplicate' | 'ignored' = 'ignored';
    let announce: { workspaceId: string; contactId: string } | undefined;
    await this.db.transaction(async (m) => {
      const fresh = await m.query(
        `INSERT INTO payment_webhook_events (acquirer, event_id, workspace_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING event_id`,
        [acquirer.kind, event.eventId.slice(0, 255), workspaceId],
      );
      if (!fresh.length) {
        outcome = 'duplicate';
        return;
      }
      if (event.expiredExternalId) {
        const gone = await m.query(`UPDATE payment_links SET status = 'expired' WHERE acquirer = $1 AND external_id = $2 AND workspace_id = $3 AND status = 'pending' RETURNING id`, [acquirer.kind, event.expiredExternalId, workspaceId]);
        // TypeORM gives an UPDATE … RETURNING as [rows, count]
        const expired = Array.isArray(gone[0]) ? (gone[0] as unknown[]).length : Number(gone[1] ?? 0);
        outcome = expired ? 'expired' : 'ignored';
        return;
      }
      if (!event.paidExternalId) return;
      const done = await this.payInTx(m, { acquirer: acquirer.kind, externalId: event.paidExternalId, workspaceId });
      if (done) {
        outcome = 'paid';
        announce = done;
      }
    });
    if (announce) await this.announce(announce.workspaceId, announce.contactId, null);
    return outcome;
  }

  /** The payment's open link when it still pays this amount; else a new one through the acquirer. */
  private async openLink(user: AuthUser, orderId: string, orderNumber: number | null, paymentId: string, amount: string, currency: string, acquirer: Acquirer): Promise<PaymentLinkObject> {
    const [open]: Row[] = await this.db.query(`SELECT * FROM payment_links WHERE order_payment_id = $1 AND status = 'pending'`, [paymentId]);
    if (open) {
      const l = toLink(open);
      if (l.acquirer === acquirer.kind && l.amount === amount && l.expiresAt.getTime() > Date.now() + 60_000) return l;
      await this.db.query(`UPDATE payment_links SET status = 'expired' WHERE id = $1 AND status = 'pending'`, [l.id]);
    }
    const [ws] = await this.db.query(`SELECT name FROM workspaces WHERE id = $1`, [user.workspaceId]);
    const [{ id }] = await this.db.query(`SELECT gen_random_uuid() AS id`);
    const token = randomBytes(32).toString('base64url');
    const pageUrl = `${publicBase(this.config)}/pay/${token}`;
    const { ctx } = await this.settings.context(user.workspaceId, acquirer);
    let checkout: { url: string; externalId: string | null };
    try {
      checkout = await acquirer.createCheckout({ id, token, amount, currency, orderId, orderNumber, shopName: String(ws?.name ?? 'Shop'), pageUrl }, ctx);
    } catch (e) {
      this.log.warn(`${acquirer.kind} checkout for payment ${paymentId} failed: ${(e as Error).message}`);
      throw new DomainException(ErrorCode.Unavailable, `${acquirer.label} did not open a checkout: ${(e as Error).message}`.slice(0, 300), { field: 'paymentId', reason: 'ACQUIRER_FAILED' });
    }
    try {
      const [row]: Row[] = await this.db.query(
        `INSERT INTO payment_links (id, workspace_id, token, acquirer, order_id, order_payment_id, amount, currency, status, external_id, url, created_by, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'pending', $9, $10, $11, now() + make_interval(hours => $12)) RETURNING *`,
        [id, user.workspaceId, token, acquirer.kind, orderId, paymentId, amount, currency, checkout.externalId, checkout.url, user.operatorId, this.config.payments.linkTtlHours],
      );
      return toLink(row);
    } catch (e) {
      // another operator sent a link for this payment at the same moment: theirs is the one
      if ((e as { constraint?: string }).constraint === 'payment_links_one_open_per_payment') {
        const [other]: Row[] = await this.db.query(`SELECT * FROM payment_links WHERE order_payment_id = $1 AND status = 'pending'`, [paymentId]);
        if (other) return toLink(other);
      }
      throw e;
    }
  }

  private announce(workspaceId: string, contactId: string, actorId: string | null): Promise<void> {
    return this.events.publish({ workspaceId, contactId, kind: ContactChangeKind.orders_changed, actorId });
  }
}

function toLink(r: Row): PaymentLinkObject {
  const currency = String(r['currency']).trim();
  return {
    id: r['id'] as string,
    paymentId: r['order_payment_id'] as string,
    orderId: r['order_id'] as string,
    acquirer: r['acquirer'] as string,
    url: r['url'] as string,
    status: r['status'] as PaymentLinkStatus,
    amount: formatAmount(String(r['amount']), currency),
    currency,
    createdAt: new Date(r['created_at'] as string),
    expiresAt: new Date(r['expires_at'] as string),
    paidAt: r['paid_at'] ? new Date(r['paid_at'] as string) : null,
    lastError: (r['last_error'] as string | null) ?? null,
  };
}
