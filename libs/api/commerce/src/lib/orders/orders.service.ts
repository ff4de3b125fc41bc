import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ClientEventsService, ClientsService, ContactChangeKind } from '@parley/api/contacts';
import { OperatorAccessService } from '@parley/api/identity';
import { AuthUser } from '@parley/api/platform/auth';
import { badInput, decodeCursor, DomainException, encodeCursor, FieldError, forbidden, isUuid, notFound } from '@parley/api/platform/graphql';
import { ErrorCode, Permission, ROLES_THAT_REPLY } from '@parley/shared/contracts';
import { DataSource, EntityManager } from 'typeorm';
import { priceText } from '../client-products/client-products.service';
import { MESSAGE_POSTER, MessagePoster } from '../client-products/message-poster.port';
import { formatAmount, isCurrency } from '../products/money';
import { DELIVERY_COST, DeliveryCostSource } from './delivery-cost.port';
import { OrderCustomFieldsService } from './order-custom-fields.service';
import { parseCustomValues } from './order-custom-values';
import { CatalogueLine, checkTotals, ParsedOrder, parseOrder } from './order-input';
import { computeTotals, Money } from './order-totals';
import {
  OrderConnectionObject,
  OrderExtraSuggestionsObject,
  OrderManagerOptionObject,
  OrderDiscountKind,
  OrderObject,
  OrderPaymentState,
  OrderPaymentStatus,
  OrderPreviewObject,
  OrderStatusGroup,
  OrderStatusObject,
  PaymentTypeObject,
  SaveOrderInput,
  SendOrderSummaryInput,
  SetOrderStatusInput,
} from './order.object';

const GROUP_ORDER = [OrderStatusGroup.new, OrderStatusGroup.approval, OrderStatusGroup.assembling, OrderStatusGroup.delivery, OrderStatusGroup.complete, OrderStatusGroup.cancelled];

/** What a workspace starts with (admins rename, add and switch off statuses and payment types). */
const DEFAULT_STATUSES: Array<[string, string, OrderStatusGroup]> = [
  ['new', 'New', OrderStatusGroup.new],
  ['awaiting-confirmation', 'Awaiting confirmation', OrderStatusGroup.approval],
  ['assembling', 'Assembling', OrderStatusGroup.assembling],
  ['out-for-delivery', 'Out for delivery', OrderStatusGroup.delivery],
  ['complete', 'Complete', OrderStatusGroup.complete],
  ['cancelled', 'Cancelled', OrderStatusGroup.cancelled],
];
const DEFAULT_PAYMENT_TYPES: Array<[string, string, string | null]> = [
  ['card-online', 'Card online', 'test'],
  ['cash', 'Cash on delivery', null],
  ['bank-transfer', 'Bank transfer', null],
];

export const CLIENT_ORDERS_PAGE_MAX = 50;

type Row = Record<string, unknown>;
const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

/**
 * Issue #12 (E5): a client's orders, made beside the chat. An order is saved whole or not at all
 * (`save`: every field checked, every error returned at once under its field); its totals are
 * computed here with exact decimals (computeTotals) and stored, so lists and screens never add
 * money up themselves. A client has at most one draft (no number); placing it takes the next
 * gapless number of the workspace in the same transaction. Reading needs only to see the client;
 * changing needs "Manage orders". Every change is live on the client's topic (`orders_changed`).
 */
@Injectable()
export class OrdersService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clients: ClientsService,
    private readonly access: OperatorAccessService,
    private readonly events: ClientEventsService,
    @Inject(MESSAGE_POSTER) private readonly poster: MessagePoster,
    @Inject(DELIVERY_COST) private readonly deliveryCost: DeliveryCostSource,
    private readonly customFields: OrderCustomFieldsService,
  ) {}

  async assertMayManage(user: AuthUser): Promise<void> {
    if (!ROLES_THAT_REPLY.includes(user.role)) throw forbidden('Observers can read orders but not change them');
    if (!(await this.access.permissions(user)).has(Permission.manage_orders)) throw forbidden('You need the "Manage orders" right to change orders');
  }

  /** The workspace's statuses by group (new … cancelled) then position; the defaults are written on first use. */
  async statuses(workspaceId: string, m: EntityManager = this.db.manager): Promise<OrderStatusObject[]> {
    let rows: Row[] = await m.query(`SELECT * FROM order_statuses WHERE workspace_id = $1`, [workspaceId]);
    if (!rows.length) {
      await m.query(
        `INSERT INTO order_statuses (workspace_id, code, name, status_group, position)
         SELECT $1, d.code, d.name, d.grp, d.pos FROM unnest($2::text[], $3::text[], $4::text[], $5::int[]) AS d(code, name, grp, pos)
         ON CONFLICT (workspace_id, code) DO NOTHING`,
        [workspaceId, DEFAULT_STATUSES.map((s) => s[0]), DEFAULT_STATUSES.map((s) => s[1]), DEFAULT_STATUSES.map((s) => s[2]), DEFAULT_STATUSES.map((_, i) => i)],
      );
      rows = await m.query(`SELECT * FROM order_statuses WHERE workspace_id = $1`, [workspaceId]);
    }
    return rows
      .map(toStatus)
      .sort((a, b) => GROUP_ORDER.indexOf(a.group) - GROUP_ORDER.indexOf(b.group) || a.position - b.position || a.name.localeCompare(b.name));
  }

  async paymentTypes(workspaceId: string, m: EntityManager = this.db.manager): Promise<PaymentTypeObject[]> {
    let rows: Row[] = await m.query(`SELECT * FROM payment_types WHERE workspace_id = $1 ORDER BY position, name`, [workspaceId]);
    if (!rows.length) {
      await m.query(
        `INSERT INTO payment_types (workspace_id, code, name, acquirer, position)
         SELECT $1, d.code, d.name, d.acq, d.pos FROM unnest($2::text[], $3::text[], $4::text[], $5::int[]) AS d(code, name, acq, pos)
         ON CONFLICT (workspace_id, code) DO NOTHING`,
        [workspaceId, DEFAULT_PAYMENT_TYPES.map((s) => s[0]), DEFAULT_PAYMENT_TYPES.map((s) => s[1]), DEFAULT_PAYMENT_TYPES.map((s) => s[2]), DEFAULT_PAYMENT_TYPES.map((_, i) => i)],
      );
      rows = await m.query(`SELECT * FROM payment_types WHERE workspace_id = $1 ORDER BY position, name`, [workspaceId]);
    }
    return rows.map(toPaymentType);
  }

  /** Whom an order's manager can be: the workspace's active operators by name (at most 500). */
  async managerOptions(workspaceId: string): Promise<OrderManagerOptionObject[]> {
    const rows: Row[] = await this.db.query(`SELECT id, display_name FROM operators WHERE workspace_id = $1 AND active ORDER BY lower(display_name), id LIMIT 500`, [workspaceId]);
    return rows.map((r) => ({ id: String(r['id']), displayName: String(r['display_name']) }));
  }

  /** The country, order type, order method and store values of the workspace's latest 500 orders (orders_workspace_created_idx), at most 50 each, by use. */
  async extraSuggestions(workspaceId: string): Promise<OrderExtraSuggestionsObject> {
    const [r]: Row[] = await this.db.query(
      `WITH recent AS (SELECT country, order_type, order_method, store FROM orders WHERE workspace_id = $1 ORDER BY created_at DESC, id DESC LIMIT 500)
       SELECT (SELECT coalesce(array_agg(v ORDER BY n DESC, v), '{}') FROM (SELECT country AS v, count(*) AS n FROM recent WHERE country IS NOT NULL GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 50) x) AS countries,
              (SELECT coalesce(array_agg(v ORDER BY n DESC, v), '{}') FROM (SELECT order_type AS v, count(*) AS n FROM recent WHERE order_type IS NOT NULL GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 50) x) AS order_types,
              (SELECT coalesce(array_agg(v ORDER BY n DESC, v), '{}') FROM (SELECT order_method AS v, count(*) AS n FROM recent WHERE order_method IS NOT NULL GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 50) x) AS order_methods,
              (SELECT coalesce(array_agg(v ORDER BY n DESC, v), '{}') FROM (SELECT store AS v, count(*) AS n FROM recent WHERE store IS NOT NULL GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 50) x) AS stores`,
      [workspaceId],
    );
    return { countries: r['countries'] as string[], orderTypes: r['order_types'] as string[], orderMethods: r['order_methods'] as string[], stores: r['stores'] as string[] };
  }

  /** The client's placed orders, newest first (keyset over orders_contact_created_idx). */
  async listForClient(user: AuthUser, contactId: string, first = 20, after?: string | null): Promise<OrderConnectionObject> {
    await this.clients.get(user.workspaceId, contactId);
    if (!Number.isInteger(first) || first < 1 || first > CLIENT_ORDERS_PAGE_MAX) throw badInput(`first must be 1..${CLIENT_ORDERS_PAGE_MAX}`, { field: 'first' });
    const cursor = after ? decodeCursor(after) : null;
    const rows: Row[] = await this.db.query(
      `SELECT id, created_at FROM orders
        WHERE contact_id = $1 AND workspace_id = $2 AND number IS NOT NULL ${cursor ? `AND (created_at, id) < ($4::timestamptz, $5::uuid)` : ''}
        ORDER BY created_at DESC, id DESC LIMIT $3`,
      cursor ? [contactId, user.workspaceId, first + 1, cursor.at.toISOString(), cursor.id] : [contactId, user.workspaceId, first + 1],
    );
    const page = rows.slice(0, first);
    const nodes = await this.load(user.workspaceId, page.map((r) => r['id'] as string));
    const last = page[page.length - 1];
    return { nodes, pageInfo: { hasNextPage: rows.length > first, endCursor: last ? encodeCursor({ at: new Date(last['created_at'] as string), id: last['id'] as string }) : null } };
  }

  async draftOf(user: AuthUser, contactId: string): Promise<OrderObject | null> {
    await this.clients.get(user.workspaceId, contactId);
    const [row] = await this.db.query(`SELECT id FROM orders WHERE contact_id = $1 AND workspace_id = $2 AND number IS NULL`, [contactId, user.workspaceId]);
    return row ? (await this.load(user.workspaceId, [row.id]))[0] : null;
  }

  async get(user: AuthUser, id: string): Promise<OrderObject> {
    if (!isUuid(id)) throw notFound('Order');
    const [order] = await this.load(user.workspaceId, [id]);
    if (!order) throw notFound('Order');
    return order;
  }

  /** The totals and the errors a save would give, for the drawer as the operator types; saves nothing. */
  async preview(user: AuthUser, input: SaveOrderInput): Promise<OrderPreviewObject> {
    await this.clients.get(user.workspaceId, input.clientId);
    const existing = input.id ? await this.existing(this.db.manager, user.workspaceId, input.id, false) : null;
    const r = await this.evaluate(this.db.manager, user.workspaceId, input, existing);
    return { totals: r.totals, lineTotals: r.lineTotals, deliveryCost: r.totals.delivery, deliveryRuleId: r.rule?.ruleId ?? null, deliveryRuleName: r.rule?.ruleName ?? null, errors: r.errors };
  }

  /** Saves the whole order (a new one resumes the client's draft); BAD_USER_INPUT with every field error, CONFLICT over a newer version. */
  async save(user: AuthUser, input: SaveOrderInput): Promise<OrderObject> {
    await this.assertMayManage(user);
    await this.clients.get(user.workspaceId, input.clientId);
    if (input.expectedVersion !== null && input.expectedVersion !== undefined && !Number.isInteger(input.expectedVersion)) throw badInput('expectedVersion must be a whole number', { field: 'expectedVersion' });
    let id: string;
    try {
      id = await this.db.transaction(async (m) => {
        let existing = input.id ? await this.existing(m, user.workspaceId, input.id, true) : null;
        if (!existing) {
          const [draft] = await m.query(`SELECT id FROM orders WHERE contact_id = $1 AND workspace_id = $2 AND number IS NULL FOR UPDATE`, [input.clientId, user.workspaceId]);
          if (draft) existing = await this.existing(m, user.workspaceId, draft.id, true);
        }
        if (existing && existing['contact_id'] !== input.clientId) throw badInput('This order belongs to another client', { field: 'clientId' });
        if (existing && input.expectedVersion !== null && input.expectedVersion !== undefined && existing['version'] !== input.expectedVersion) {
          throw new DomainException(ErrorCode.Conflict, 'Someone else saved this order meanwhile: reopen it to see their change', { field: 'order', version: existing['version'] });
        }
        const placed = existing ? existing['number'] !== null : false;
        if (placed && input.draft) throw badInput('A placed order cannot become a draft again', { field: 'order', fieldErrors: [{ field: 'order', message: 'A placed order cannot become a draft again' }] });
        const r = await this.evaluate(m, user.workspaceId, input, existing);
        if (r.errors.length) throw invalid(r.errors);
        return this.write(m, user, input, existing, r);
      });
    } catch (e) {
      if ((e as { code?: string; constraint?: string }).code === '23505' && (e as { constraint?: string }).constraint === 'orders_one_draft_per_client') {
        throw new DomainException(ErrorCode.Conflict, 'Another operator just started this client’s draft: reopen it from the orders list', { field: 'order' });
      }
      throw e;
    }
    await this.announce(user, input.clientId);
    return this.get(user, id);
  }

  /** The widget's status menu: a placed order's status, checked and live. */
  async setStatus(user: AuthUser, input: SetOrderStatusInput): Promise<OrderObject> {
    await this.assertMayManage(user);
    const order = await this.get(user, input.orderId);
    if (order.isDraft) throw badInput('Place the draft before changing its status', { field: 'status' });
    const status = (await this.statuses(user.workspaceId)).find((s) => s.code === input.status);
    if (!status) throw badInput('Unknown status', { field: 'status' });
    if (!status.active) throw badInput(`“${status.name}” is switched off`, { field: 'status' });
    if (status.id === order.status.id) return order;
    await this.db.query(`UPDATE orders SET status_id = $1, version = version + 1, updated_at = now() WHERE id = $2 AND workspace_id = $3`, [status.id, order.id, user.workspaceId]);
    await this.announce(user, order.clientId);
    return this.get(user, order.id);
  }

  async deleteDraft(user: AuthUser, orderId: string): Promise<boolean> {
    await this.assertMayManage(user);
    const order = await this.get(user, orderId);
    if (!order.isDraft) throw badInput('Only a draft can be deleted; cancel a placed order instead', { field: 'orderId' });
    await this.db.query(`DELETE FROM orders WHERE id = $1 AND workspace_id = $2 AND number IS NULL`, [order.id, user.workspaceId]);
    await this.announce(user, order.clientId);
    return true;
  }

  /** "Send order": the order's summary as a message into the chat (the same text on every channel). */
  async sendSummary(user: AuthUser, input: SendOrderSummaryInput): Promise<{ id: string; seq: number }> {
    await this.assertMayManage(user);
    if (typeof input.clientId !== 'string' || !input.clientId || input.clientId.length > 100) throw badInput('clientId must be 1..100 characters', { field: 'clientId' });
    const order = await this.get(user, input.orderId);
    if (!order.items.length) throw badInput('The order has no items to send', { field: 'orderId' });
    return this.poster.sendAsOperator(user, input.conversationId, input.clientId, orderSummaryText(order));
  }

  /** Reads orders with their items and payments: three queries for any number of orders. */
  async load(workspaceId: string, ids: readonly string[]): Promise<OrderObject[]> {
    if (!ids.length) return [];
    const [orders, items, payments]: [Row[], Row[], Row[]] = await Promise.all([
      this.db.query(
        `SELECT o.*, s.code AS s_code, s.name AS s_name, s.status_group AS s_group, s.position AS s_position, s.active AS s_active,
                c.display_name AS created_by_name, mg.display_name AS manager_name
           FROM orders o JOIN order_statuses s ON s.id = o.status_id
           LEFT JOIN operators c ON c.id = o.created_by LEFT JOIN operators mg ON mg.id = o.manager_id
          WHERE o.id = ANY($1::uuid[]) AND o.workspace_id = $2`,
        [ids, workspaceId],
      ),
      this.db.query(
        `SELECT i.*, p.images[1] AS image_url FROM order_items i LEFT JOIN products p ON p.id = i.product_id
          WHERE i.order_id = ANY($1::uuid[]) AND i.workspace_id = $2 ORDER BY i.order_id, i.position`,
        [ids, workspaceId],
      ),
      this.db.query(
        `SELECT op.*, t.code AS t_code, t.name AS t_name, t.acquirer AS t_acquirer, t.active AS t_active
           FROM order_payments op JOIN payment_types t ON t.id = op.type_id
          WHERE op.order_id = ANY($1::uuid[]) AND op.workspace_id = $2 ORDER BY op.order_id, op.position`,
        [ids, workspaceId],
      ),
    ]);
    const byId = new Map(orders.map((o) => [o['id'] as string, o]));
    return ids.filter((id) => byId.has(id)).map((id) => toOrder(byId.get(id) as Row, items.filter((i) => i['order_id'] === id), payments.filter((p) => p['order_id'] === id)));
  }

  private async existing(m: EntityManager, workspaceId: string, id: string, lock: boolean): Promise<Row | null> {
    if (!isUuid(id)) throw notFound('Order');
    const [row] = await m.query(`SELECT * FROM orders WHERE id = $1 AND workspace_id = $2 ${lock ? 'FOR UPDATE' : ''}`, [id, workspaceId]);
    if (!row) throw notFound('Order');
    return row;
  }

  /** Everything a save needs: the price type and currency, the catalogue lines, the parsed order, its delivery cost and totals, and every error. */
  private async evaluate(m: EntityManager, workspaceId: string, input: SaveOrderInput, existing: Row | null) {
    const errors: FieldError[] = [];
    const priceTypeId = input.priceTypeId ?? (existing?.['price_type_id'] as string | null) ?? null;
    const priceTypes: Row[] = await m.query(`SELECT id, currency, is_base, name FROM product_price_types WHERE workspace_id = $1`, [workspaceId]);
    const base = priceTypes.find((t) => t['is_base']);
    let priceType = base;
    if (priceTypeId) {
      priceType = isUuid(priceTypeId) ? priceTypes.find((t) => t['id'] === priceTypeId) : undefined;
      if (!priceType) errors.push({ field: 'priceTypeId', message: 'Unknown price type' });
    }
    const currency = (input.currency ?? str(existing?.['currency'])?.trim() ?? str(priceType?.['currency'])?.trim() ?? 'EUR').toUpperCase();
    if (!isCurrency(currency)) errors.push({ field: 'currency', message: 'An ISO currency code such as EUR' });
    const cur = isCurrency(currency) ? currency : 'EUR';

    const productIds = [...new Set((Array.isArray(input.items) ? input.items : []).map((i) => i?.productId).filter((id): id is string => typeof id === 'string' && isUuid(id)))];
    const products = await this.catalogueLines(m, workspaceId, productIds, priceType ?? null);
    const onOrder = new Set<string>(existing ? (await m.query(`SELECT product_id FROM order_items WHERE order_id = $1 AND product_id IS NOT NULL`, [existing['id']])).map((r: Row) => r['product_id'] as string) : []);
    (Array.isArray(input.items) ? input.items : []).forEach((i, n) => {
      const p = i?.productId ? products.get(i.productId) : undefined;
      if (p && !p.active && !onOrder.has(p.id)) errors.push({ field: `items.${n}.productId`, message: `“${p.name}” is no longer sold` });
    });
    const types = await this.paymentTypes(workspaceId, m);
    const paymentIds = new Set<string>(existing ? (await m.query(`SELECT id FROM order_payments WHERE order_id = $1`, [existing['id']])).map((r: Row) => r['id'] as string) : []);
    const complete = !input.draft || (existing ? existing['number'] !== null : false);
    const parsed = parseOrder(input, { currency: cur, products, paymentTypes: new Map(types.map((t) => [t.code, t])), paymentIds, complete });
    errors.push(...parsed.errors);

    let status: OrderStatusObject | undefined;
    const statuses = await this.statuses(workspaceId, m);
    if (input.status) {
      status = statuses.find((s) => s.code === input.status);
      if (!status) errors.push({ field: 'status', message: 'Unknown status' });
      else if (!status.active && status.id !== existing?.['status_id']) errors.push({ field: 'status', message: `“${status.name}” is switched off` });
    } else {
      status = statuses.find((s) => s.id === existing?.['status_id']) ?? statuses.find((s) => s.group === OrderStatusGroup.new && s.active) ?? statuses[0];
    }
    if (parsed.order.extra.managerId) {
      const managerId = parsed.order.extra.managerId;
      const kept = managerId === existing?.['manager_id'];
      const [op] = isUuid(managerId) ? ((await m.query(`SELECT active FROM operators WHERE id = $1 AND workspace_id = $2`, [managerId, workspaceId])) as Row[]) : [];
      if (!op) errors.push({ field: 'extra.managerId', message: 'Choose an operator of this workspace' });
      else if (!op['active'] && !kept) errors.push({ field: 'extra.managerId', message: 'This operator is deactivated' });
    }
    const custom = parseCustomValues(await this.customFields.list(workspaceId, m), input.custom, (existing?.['custom'] as Record<string, string> | undefined) ?? {}, complete, errors);

    const items = parsed.order.items;
    const before = computeTotals({ currency: cur, items, discount: parsed.order.discount });
    let rule: { ruleId: string; ruleName: string; cost: string } | null = null;
    let deliveryCost = parsed.order.delivery.cost;
    if (deliveryCost === null) {
      rule = await this.deliveryCost.costFor(workspaceId, {
        deliveryType: parsed.order.delivery.type,
        region: parsed.order.delivery.region,
        weightKg: before.weightKg,
        total: new Money(before.goods).minus(before.discount).toFixed(),
        currency: cur,
      });
      deliveryCost = rule ? formatAmount(rule.cost, cur) : '0';
    }
    const totals = computeTotals({ currency: cur, items, discount: parsed.order.discount, deliveryCost, payments: parsed.order.payments });
    checkTotals(parsed.order, totals, cur, errors);
    // an item the parser refused shows 0 in its line
    const lineTotals = (Array.isArray(input.items) ? input.items : []).map((_, n) => {
      const k = items.findIndex((it) => it.index === n);
      return k >= 0 ? totals.lineTotals[k] : formatAmount('0', cur);
    });
    return { currency: cur, priceTypeId: (priceType?.['id'] as string | undefined) ?? null, status, parsed: parsed.order, custom, totals: { ...totals, paymentState: totals.paymentState as OrderPaymentState }, lineTotals, rule, deliveryManual: parsed.order.delivery.cost !== null, errors };
  }

  private async catalogueLines(m: EntityManager, workspaceId: string, ids: string[], priceType: Row | null): Promise<Map<string, CatalogueLine>> {
    if (!ids.length) return new Map();
    const rows: Row[] = await m.query(
      `SELECT p.id, p.sku, p.name, p.active, p.weight_kg, p.price, p.currency, pp.amount AS type_amount, pp.currency AS type_currency
         FROM products p LEFT JOIN product_prices pp ON pp.product_id = p.id AND pp.price_type_id = $3
        WHERE p.id = ANY($1::uuid[]) AND p.workspace_id = $2`,
      [ids, workspaceId, priceType && !priceType['is_base'] ? priceType['id'] : null],
    );
    return new Map(
      rows.map((r) => {
        const typed = r['type_amount'] !== null && r['type_amount'] !== undefined;
        const currency = String(typed ? r['type_currency'] : r['currency']).trim();
        return [r['id'] as string, { id: r['id'] as string, sku: r['sku'] as string, name: r['name'] as string, active: r['active'] as boolean, weightKg: str(r['weight_kg']), price: formatAmount(String(typed ? r['type_amount'] : r['price']), currency), currency }];
      }),
    );
  }

  private async write(m: EntityManager, user: AuthUser, input: SaveOrderInput, existing: Row | null, r: Awaited<ReturnType<OrdersService['evaluate']>>): Promise<string> {
    const o: ParsedOrder = r.parsed;
    const placing = !input.draft && (!existing || existing['number'] === null);
    let number: number | null = existing?.['number'] !== undefined && existing?.['number'] !== null ? Number(existing['number']) : null;
    if (placing) {
      const [c] = await m.query(
        `INSERT INTO order_counters (workspace_id, last_number) VALUES ($1, 1)
         ON CONFLICT (workspace_id) DO UPDATE SET last_number = order_counters.last_number + 1 RETURNING last_number`,
        [user.workspaceId],
      );
      number = Number(c.last_number);
    }
    const cols = {
      number,
      conversation_id: input.conversationId ?? existing?.['conversation_id'] ?? null,
      status_id: r.status?.id,
      currency: r.currency,
      price_type_id: r.priceTypeId,
      customer_first_name: o.customer.firstName,
      customer_last_name: o.customer.lastName,
      customer_phone: o.customer.phone,
      customer_email: o.customer.email,
      discount_kind: o.discount?.kind ?? null,
      discount_value: o.discount?.value ?? null,
      goods_total: r.totals.goods,
      discount_total: r.totals.discount,
      delivery_cost: r.totals.delivery,
      total: r.totals.total,
      paid_total: r.totals.paid,
      weight_kg: r.totals.weightKg,
      delivery_type: o.delivery.type,
      delivery_service: o.delivery.service,
      delivery_region: o.delivery.region,
      delivery_city: o.delivery.city,
      delivery_street: o.delivery.street,
      delivery_postal_code: o.delivery.postalCode,
      delivery_date: o.delivery.date,
      delivery_slot: o.delivery.slot,
      delivery_cost_manual: r.deliveryManual,
      delivery_rule_id: r.rule?.ruleId ?? null,
      delivery_rule_name: r.rule?.ruleName ?? null,
      country: o.extra.country,
      order_type: o.extra.orderType,
      order_method: o.extra.orderMethod,
      store: o.extra.store,
      manager_id: o.extra.managerId,
      custom: JSON.stringify(r.custom),
      comment: o.comment,
    };
    const names = Object.keys(cols);
    const values = Object.values(cols);
    let id: string;
    if (existing) {
      id = existing['id'] as string;
      await m.query(
        `UPDATE orders SET ${names.map((n, i) => `${n} = $${i + 3}`).join(', ')}, placed_at = ${placing ? 'now()' : 'placed_at'}, version = version + 1, updated_at = now()
          WHERE id = $1 AND workspace_id = $2`,
        [id, user.workspaceId, ...values],
      );
    } else {
      const [row] = await m.query(
        `INSERT INTO orders (workspace_id, contact_id, created_by, placed_at, ${names.join(', ')})
         VALUES ($1, $2, $3, ${placing ? 'now()' : 'NULL'}, ${names.map((_, i) => `$${i + 4}`).join(', ')}) RETURNING id`,
        [user.workspaceId, input.clientId, user.operatorId, ...values],
      );
      id = row.id;
    }
    await m.query(`DELETE FROM order_items WHERE order_id = $1`, [id]);
    if (o.items.length) {
      await m.query(
        `INSERT INTO order_items (order_id, workspace_id, position, product_id, sku, name, quantity, list_price, unit_price, weight_kg, line_total)
         SELECT $1, $2, t.pos, t.product_id, t.sku, t.name, t.quantity, t.list_price, t.unit_price, t.weight_kg, t.line_total
           FROM unnest($3::int[], $4::uuid[], $5::text[], $6::text[], $7::numeric[], $8::numeric[], $9::numeric[], $10::numeric[], $11::numeric[])
             AS t(pos, product_id, sku, name, quantity, list_price, unit_price, weight_kg, line_total)`,
        [
          id,
          user.workspaceId,
          o.items.map((_, i) => i),
          o.items.map((i) => i.productId),
          o.items.map((i) => i.sku),
          o.items.map((i) => i.name),
          o.items.map((i) => i.quantity),
          o.items.map((i) => i.listPrice),
          o.items.map((i) => i.unitPrice),
          o.items.map((i) => i.weightKg),
          r.totals.lineTotals,
        ],
      );
    }
    // payments keep their ids (a payment link points at one); the ones left out are removed
    const keep = o.payments.filter((p) => p.id).map((p) => p.id as string);
    await m.query(`DELETE FROM order_payments WHERE order_id = $1 AND NOT (id = ANY($2::uuid[]))`, [id, keep]);
    await m.query(`UPDATE order_payments SET position = position + 1000 WHERE order_id = $1`, [id]);
    for (const [pos, p] of o.payments.entries()) {
      if (p.id) {
        await m.query(
          `UPDATE order_payments SET position = $3, type_id = $4, amount = $5, status = $6,
                  paid_at = CASE WHEN $6 = 'paid' THEN coalesce(paid_at, now()) ELSE NULL END
            WHERE id = $1 AND order_id = $2`,
          [p.id, id, pos, p.typeId, p.amount, p.status],
        );
      } else {
        await m.query(
          `INSERT INTO order_payments (order_id, workspace_id, position, type_id, status, amount, paid_at) VALUES ($1, $2, $3, $4, $5, $6, CASE WHEN $5 = 'paid' THEN now() END)`,
          [id, user.workspaceId, pos, p.typeId, p.status, p.amount],
        );
      }
    }
    return id;
  }

  private announce(user: AuthUser, contactId: string): Promise<void> {
    return this.events.publish({ workspaceId: user.workspaceId, contactId, kind: ContactChangeKind.orders_changed, actorId: user.operatorId });
  }
}

function invalid(errors: FieldError[]): DomainException {
  const message = errors.length === 1 ? errors[0].message : `The order has ${errors.length} errors: ${errors[0].message}…`;
  return badInput(message, { field: errors[0].field, fieldErrors: errors });
}

function toStatus(r: Row): OrderStatusObject {
  return { id: r['id'] as string, code: r['code'] as string, name: r['name'] as string, group: r['status_group'] as OrderStatusGroup, position: Number(r['position']), active: r['active'] as boolean };
}

function toPaymentType(r: Row): PaymentTypeObject {
  return { id: r['id'] as string, code: r['code'] as string, name: r['name'] as string, acquirer: str(r['acquirer']), active: r['active'] as boolean };
}

function toOrder(o: Row, items: Row[], payments: Row[]): OrderObject {
  const currency = String(o['currency']).trim();
  const amount = (v: unknown) => formatAmount(String(v ?? 0), currency);
  const date = o['delivery_date'];
  return {
    id: o['id'] as string,
    number: o['number'] === null ? null : Number(o['number']),
    isDraft: o['number'] === null,
    clientId: o['contact_id'] as string,
    conversationId: str(o['conversation_id']),
    status: { id: o['status_id'] as string, code: o['s_code'] as string, name: o['s_name'] as string, group: o['s_group'] as OrderStatusGroup, position: Number(o['s_position']), active: o['s_active'] as boolean },
    currency,
    priceTypeId: str(o['price_type_id']),
    customer: { firstName: str(o['customer_first_name']), lastName: str(o['customer_last_name']), phone: str(o['customer_phone']), email: str(o['customer_email']) },
    items: items.map((i) => ({
      id: i['id'] as string,
      productId: str(i['product_id']),
      sku: str(i['sku']),
      name: i['name'] as string,
      quantity: new Money(String(i['quantity'])).toFixed(),
      listPrice: i['list_price'] === null ? null : amount(i['list_price']),
      unitPrice: amount(i['unit_price']),
      weightKg: i['weight_kg'] === null ? null : String(i['weight_kg']),
      lineTotal: amount(i['line_total']),
      imageUrl: str(i['image_url']),
    })),
    discount: o['discount_kind'] ? { kind: o['discount_kind'] as OrderDiscountKind, value: String(o['discount_value']) } : null,
    totals: {
      goods: amount(o['goods_total']),
      discount: amount(o['discount_total']),
      delivery: amount(o['delivery_cost']),
      total: amount(o['total']),
      paid: amount(o['paid_total']),
      due: formatAmount(new Money(String(o['total'])).minus(String(o['paid_total'])).toFixed(), currency),
      paymentState: paymentState(String(o['paid_total']), String(o['total'])),
      weightKg: String(o['weight_kg']),
    },
    delivery: {
      type: str(o['delivery_type']),
      service: str(o['delivery_service']),
      region: str(o['delivery_region']),
      city: str(o['delivery_city']),
      street: str(o['delivery_street']),
      postalCode: str(o['delivery_postal_code']),
      date: date instanceof Date ? isoDate(date) : str(date),
      slot: str(o['delivery_slot']),
      cost: amount(o['delivery_cost']),
      costManual: o['delivery_cost_manual'] as boolean,
      ruleId: str(o['delivery_rule_id']),
      ruleName: str(o['delivery_rule_name']),
    },
    payments: payments.map((p) => ({
      id: p['id'] as string,
      type: { id: p['type_id'] as string, code: p['t_code'] as string, name: p['t_name'] as string, acquirer: str(p['t_acquirer']), active: p['t_active'] as boolean },
      status: p['status'] as OrderPaymentStatus,
      amount: amount(p['amount']),
      paidAt: p['paid_at'] ? new Date(p['paid_at'] as string) : null,
    })),
    extra: { country: str(o['country']), orderType: str(o['order_type']), orderMethod: str(o['order_method']), store: str(o['store']), managerId: str(o['manager_id']), managerName: str(o['manager_name']) },
    custom: Object.entries((o['custom'] as Record<string, unknown> | null) ?? {}).map(([key, value]) => ({ key, value: String(value) })),
    comment: str(o['comment']),
    version: Number(o['version']),
    createdByName: str(o['created_by_name']),
    createdAt: new Date(o['created_at'] as string),
    updatedAt: new Date(o['updated_at'] as string),
    placedAt: o['placed_at'] ? new Date(o['placed_at'] as string) : null,
  };
}

/** A DATE column read by node-postgres as local midnight: its calendar day. */
function isoDate(d: Date): string {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

function paymentState(paid: string, total: string): OrderPaymentState {
  const p = new Money(paid);
  if (p.isZero()) return OrderPaymentState.none;
  return p.greaterThanOrEqualTo(total) ? OrderPaymentState.full : OrderPaymentState.partial;
}

/** What "Send order" posts: the lines, delivery, discount, total and what is due, readable on every channel. */
export function orderSummaryText(order: OrderObject): string {
  const money = (a: string) => priceText(a, order.currency);
  const lines = [order.number === null ? 'Your order' : `Your order #${order.number}`];
  for (const i of order.items) lines.push(`• ${i.name} × ${i.quantity} — ${money(i.lineTotal)}`);
  if (new Money(order.totals.discount).greaterThan(0)) lines.push(`Discount: −${money(order.totals.discount)}`);
  const where = [order.delivery.street, order.delivery.city, order.delivery.postalCode].filter(Boolean).join(', ');
  if (order.delivery.type || new Money(order.totals.delivery).greaterThan(0)) lines.push(`Delivery${order.delivery.type ? ` (${order.delivery.type})` : ''}: ${money(order.totals.delivery)}${where ? ` — ${where}` : ''}`);
  lines.push(`Total: ${money(order.totals.total)}`);
  if (new Money(order.totals.paid).greaterThan(0)) lines.push(`Paid: ${money(order.totals.paid)}`, `Due: ${money(order.totals.due)}`);
  return lines.join('\n');
}
