import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditService } from '@parley/api/platform/audit';
import { AuthUser } from '@parley/api/platform/auth';
import { badInput, isUuid, notFound } from '@parley/api/platform/graphql';
import { EVENT_BUS, EventBus, Topics } from '@parley/api/platform/realtime';
import { DataSource, EntityManager } from 'typeorm';
import { CreateOrderStatusInput, CreatePaymentTypeInput, OrderSettingsEventPayload, UpdateOrderStatusInput, UpdatePaymentTypeInput } from './order-settings.object';
import { OrderStatusGroup, OrderStatusObject, PaymentTypeObject } from './order.object';
import { AcquirerRegistry } from '../payments/acquirer-registry';
import { lockOrderSettings, recordOrderSettingsChange, returnedRows, settingsFieldErrors, uniqueSlug } from './order-settings-support';
import { OrdersService } from './orders.service';

export const ORDER_STATUSES_MAX = 100;
export const PAYMENT_TYPES_MAX = 50;
const NAME_MAX = 100;

type Row = Record<string, unknown>;

const fieldErrors = settingsFieldErrors;

/** A code from a name: lower-case latin letters, digits and dashes ("Awaiting payment" → awaiting-payment). */
export function codeFromName(name: string): string {
  const ascii = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 32);
  return ascii || 'status';
}

/**
 * Issue #12 (E5): Settings › Orders — the workspace's order statuses in their six groups and its
 * payment types, edited by admins ("Configure commerce"). Nothing is deleted: an order keeps its
 * status and a payment its type, so they are switched off instead (an order that has one keeps
 * showing it; new choices leave it out). The "new" group always keeps one active status, which
 * a placed order starts in. Every change is audited and published (Topics.orderSettings), so the
 * admin screens and every operator's status menus follow it.
 */
@Injectable()
export class OrderSettingsService {
  private readonly logger = new Logger(OrderSettingsService.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly orders: OrdersService,
    private readonly audit: AuditService,
    @Inject(EVENT_BUS) private readonly bus: EventBus,
    private readonly acquirers: AcquirerRegistry,
  ) {}

  async createStatus(user: AuthUser, input: CreateOrderStatusInput): Promise<OrderStatusObject> {
    const name = this.name(input.name, 'name');
    const group = this.group(input.group);
    const created = await this.db.transaction(async (m) => {
      await lockOrderSettings(m, user.workspaceId);
      const all = await this.orders.statuses(user.workspaceId, m);
      if (all.length >= ORDER_STATUSES_MAX) throw badInput(`A workspace has at most ${ORDER_STATUSES_MAX} order statuses; switch off the ones you no longer use`);
      if (all.some((s) => s.name.toLocaleLowerCase() === name.toLocaleLowerCase())) throw fieldErrors([{ field: 'name', message: `A status “${name}” exists already` }]);
      const code = uniqueSlug(codeFromName(name), new Set(all.map((s) => s.code)));
      const position = Math.max(-1, ...all.filter((s) => s.group === group).map((s) => s.position)) + 1;
      const [row] = (await m.query(`INSERT INTO order_statuses (workspace_id, code, name, status_group, position) VALUES ($1, $2, $3, $4, $5) RETURNING *`, [
        user.workspaceId,
        code,
        name,
        group,
        position,
      ])) as Row[];
      await this.record(m, user, 'order_status', String(row['id']), { op: 'create', name, group });
      return toStatus(row);
    });
    await this.announce(user.workspaceId, 'statuses');
    return created;
  }

  async updateStatus(user: AuthUser, input: UpdateOrderStatusInput): Promise<OrderStatusObject> {
    if (!isUuid(input.id)) throw notFound('Order status');
    const name = input.name === undefined || input.name === null ? null : this.name(input.name, 'name');
    const group = input.group === undefined || input.group === null ? null : this.group(input.group);
    const updated = await this.db.transaction(async (m) => {
      await lockOrderSettings(m, user.workspaceId);
      const all = await this.orders.statuses(user.workspaceId, m);
      const current = all.find((s) => s.id === input.id);
      if (!current) throw notFound('Order status');
      if (name && all.some((s) => s.id !== current.id && s.name.toLocaleLowerCase() === name.toLocaleLowerCase())) throw fieldErrors([{ field: 'name', message: `A status “${name}” exists already` }]);
      const next = { name: name ?? current.name, group: group ?? current.group, active: input.active ?? current.active };
      const leavesNew = current.group === OrderStatusGroup.new && current.active && (!next.active || next.group !== OrderStatusGroup.new);
      if (leavesNew && !all.some((s) => s.id !== current.id && s.group === OrderStatusGroup.new && s.active)) {
        throw fieldErrors([{ field: next.active ? 'group' : 'active', message: 'The “New” group needs one active status: a placed order starts in it' }]);
      }
      const position = next.group === current.group ? current.position : Math.max(-1, ...all.filter((s) => s.group === next.group).map((s) => s.position)) + 1;
      const [row] = returnedRows(await m.query(`UPDATE order_statuses SET name = $3, status_group = $4, active = $5, position = $6 WHERE id = $1 AND workspace_id = $2 RETURNING *`, [
        current.id,
        user.workspaceId,
        next.name,
        next.group,
        next.active,
        position,
      ]));
      await this.record(m, user, 'order_status', current.id, { op: 'update', name: next.name, from: { name: current.name, group: current.group, active: current.active }, to: next });
      return toStatus(row);
    });
    await this.announce(user.workspaceId, 'statuses');
    return updated;
  }

  /** Moves a status to `position` (0-based) within its group; the others close up. Returns the workspace's statuses. */
  async moveStatus(user: AuthUser, id: string, position: number): Promise<OrderStatusObject[]> {
    if (!isUuid(id)) throw notFound('Order status');
    if (!Number.isInteger(position) || position < 0 || position >= ORDER_STATUSES_MAX) throw fieldErrors([{ field: 'position', message: `The position must be a whole number from 0 to ${ORDER_STATUSES_MAX - 1}` }]);
    await this.db.transaction(async (m) => {
      await lockOrderSettings(m, user.workspaceId);
      const all = await this.orders.statuses(user.workspaceId, m);
      const current = all.find((s) => s.id === id);
      if (!current) throw notFound('Order status');
      const siblings = all.filter((s) => s.group === current.group && s.id !== id);
      siblings.splice(Math.min(position, siblings.length), 0, current);
      await m.query(`UPDATE order_statuses s SET position = d.pos FROM unnest($2::uuid[], $3::int[]) AS d(id, pos) WHERE s.id = d.id AND s.workspace_id = $1`, [
        user.workspaceId,
        siblings.map((s) => s.id),
        siblings.map((_, i) => i),
      ]);
      await this.record(m, user, 'order_status', id, { op: 'move', name: current.name, position: siblings.indexOf(current) });
    });
    await this.announce(user.workspaceId, 'statuses');
    return this.orders.statuses(user.workspaceId);
  }

  async createPaymentType(user: AuthUser, input: CreatePaymentTypeInput): Promise<PaymentTypeObject> {
    const name = this.name(input.name, 'name');
    const acquirer = this.acquirer(input.acquirer ?? null);
    const created = await this.db.transaction(async (m) => {
      await lockOrderSettings(m, user.workspaceId);
      const all = await this.orders.paymentTypes(user.workspaceId, m);
      if (all.length >= PAYMENT_TYPES_MAX) throw badInput(`A workspace has at most ${PAYMENT_TYPES_MAX} payment types; switch off the ones you no longer use`);
      if (all.some((t) => t.name.toLocaleLowerCase() === name.toLocaleLowerCase())) throw fieldErrors([{ field: 'name', message: `A payment type “${name}” exists already` }]);
      const code = uniqueSlug(codeFromName(name), new Set(all.map((t) => t.code)));
      const [row] = (await m.query(
        `INSERT INTO payment_types (workspace_id, code, name, acquirer, position)
         VALUES ($1, $2, $3, $4, (SELECT coalesce(max(position) + 1, 0) FROM payment_types WHERE workspace_id = $1)) RETURNING *`,
        [user.workspaceId, code, name, acquirer],
      )) as Row[];
      await this.record(m, user, 'payment_type', String(row['id']), { op: 'create', name, acquirer });
      return toPaymentType(row);
    });
    await this.announce(user.workspaceId, 'payment_types');
    return created;
  }

  async updatePaymentType(user: AuthUser, input: UpdatePaymentTypeInput): Promise<PaymentTypeObject> {
    if (!isUuid(input.id)) throw notFound('Payment type');
    const name = input.name === undefined || input.name === null ? null : this.name(input.name, 'name');
    const acquirer = input.acquirer === undefined ? undefined : this.acquirer(input.acquirer);
    const updated = await this.db.transaction(async (m) => {
      await lockOrderSettings(m, user.workspaceId);
      const all = await this.orders.paymentTypes(user.workspaceId, m);
      const current = all.find((t) => t.id === input.id);
      if (!current) throw notFound('Payment type');
      if (name && all.some((t) => t.id !== current.id && t.name.toLocaleLowerCase() === name.toLocaleLowerCase())) throw fieldErrors([{ field: 'name', message: `A payment type “${name}” exists already` }]);
      const next = { name: name ?? current.name, acquirer: acquirer === undefined ? current.acquirer : acquirer, active: input.active ?? current.active };
      const [row] = returnedRows(await m.query(`UPDATE payment_types SET name = $3, acquirer = $4, active = $5 WHERE id = $1 AND workspace_id = $2 RETURNING *`, [
        current.id,
        user.workspaceId,
        next.name,
        next.acquirer,
        next.active,
      ]));
      await this.record(m, user, 'payment_type', current.id, { op: 'update', name: next.name, from: { name: current.name, acquirer: current.acquirer, active: current.active }, to: next });
      return toPaymentType(row);
    });
    await this.announce(user.workspaceId, 'payment_types');
    return updated;
  }

  private name(raw: string, field: string): string {
    const name = (raw ?? '').replace(/\s+/g, ' ').trim();
    if (!name) throw fieldErrors([{ field, message: 'A name is required' }]);
    if (name.length > NAME_MAX) throw fieldErrors([{ field, message: `A name has at most ${NAME_MAX} characters` }]);
    return name;
  }

  private group(raw: string): OrderStatusGroup {
    if (!Object.values(OrderStatusGroup).includes(raw as OrderStatusGroup)) throw fieldErrors([{ field: 'group', message: 'Unknown status group' }]);
    return raw as OrderStatusGroup;
  }

  private acquirer(raw: string | null): string | null {
    if (raw === null || raw === '') return null;
    if (!this.acquirers.get(raw)) {
      const kinds = this.acquirers.all().map((a) => a.kind);
      throw fieldErrors([{ field: 'acquirer', message: `Unknown acquirer “${raw.slice(0, 40)}”: choose one of ${kinds.join(', ')} or none` }]);
    }
    return raw;
  }

  private record(m: EntityManager, user: AuthUser, targetType: string, targetId: string, details: Record<string, unknown>): Promise<void> {
    return recordOrderSettingsChange(this.audit, m, user, targetType, targetId, details);
  }

  private async announce(workspaceId: string, kind: OrderSettingsEventPayload['kind']): Promise<void> {
    const e: OrderSettingsEventPayload = { workspaceId, kind };
    await this.bus.publish(Topics.orderSettings(workspaceId), e).catch((err) => this.logger.warn(`order settings event not published: ${(err as Error).message}`));
  }
}

function toStatus(r: Row): OrderStatusObject {
  return { id: String(r['id']), code: String(r['code']), name: String(r['name']), group: r['status_group'] as OrderStatusGroup, position: Number(r['position']), active: r['active'] as boolean };
}

function toPaymentType(r: Row): PaymentTypeObject {
  return { id: String(r['id']), code: String(r['code']), name: String(r['name']), acquirer: r['acquirer'] === null ? null : String(r['acquirer']), active: r['active'] as boolean };
}
