import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditService } from '@parley/api/platform/audit';
import { AuthUser } from '@parley/api/platform/auth';
import { badInput, FieldError, isUuid, notFound } from '@parley/api/platform/graphql';
import { EVENT_BUS, EventBus, Topics } from '@parley/api/platform/realtime';
import { DataSource, EntityManager } from 'typeorm';
import { CreateOrderCustomFieldInput, OrderSettingsEventPayload, UpdateOrderCustomFieldInput } from './order-settings.object';
import { OrderCustomFieldObject, OrderCustomFieldType } from './order.object';
import { lockOrderSettings, recordOrderSettingsChange, returnedRows, settingsFieldErrors, uniqueSlug } from './order-settings-support';

export const ORDER_CUSTOM_FIELDS_MAX = 100;
export const ORDER_CUSTOM_OPTIONS_MAX = 50;
const NAME_MAX = 100;
const OPTION_MAX = 100;
const KEY = /^[a-z0-9]+(-[a-z0-9]+)*$/;

type Row = Record<string, unknown>;

const fieldErrors = settingsFieldErrors;

/** A slug from a name ("Gift wrap" → gift-wrap). */
export function keyFromName(name: string): string {
  const ascii = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/g, '');
  return ascii || 'field';
}

export function toOrderCustomField(r: Row): OrderCustomFieldObject {
  return {
    id: String(r['id']),
    key: String(r['key']),
    name: String(r['name']),
    type: r['type'] as OrderCustomFieldType,
    options: (r['options'] as string[]) ?? [],
    required: r['required'] as boolean,
    pinned: r['pinned'] as boolean,
    position: Number(r['position']),
    active: r['active'] as boolean,
  };
}

/**
 * Issue #12 (E5): custom order fields (Settings › Orders › Order fields). Everyone who reads orders
 * lists them; admins ("Configure commerce", the resolver) add, change, move and delete them. A field
 * an order has a value of is switched off instead of deleted (the order keeps and shows its value).
 * Audited as order settings (target order_custom_field) and published on Topics.orderSettings
 * (kind custom_fields) for the admin screens and every open drawer.
 */
@Injectable()
export class OrderCustomFieldsService {
  private readonly logger = new Logger(OrderCustomFieldsService.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    @Inject(EVENT_BUS) private readonly bus: EventBus,
  ) {}

  /** The workspace's fields in position order (switched-off ones included: orders may hold their values). */
  async list(workspaceId: string, m: EntityManager = this.db.manager): Promise<OrderCustomFieldObject[]> {
    const rows: Row[] = await m.query(`SELECT * FROM order_custom_fields WHERE workspace_id = $1 ORDER BY position, id LIMIT ${ORDER_CUSTOM_FIELDS_MAX + 10}`, [workspaceId]);
    return rows.map(toOrderCustomField);
  }

  async create(user: AuthUser, input: CreateOrderCustomFieldInput): Promise<OrderCustomFieldObject> {
    const errors: FieldError[] = [];
    const name = this.name(input.name, errors);
    if (!Object.values(OrderCustomFieldType).includes(input.type)) errors.push({ field: 'type', message: 'Choose a type: text, number, date, select or checkbox' });
    const options = this.options(input.type, input.options ?? [], errors);
    let key = input.key === undefined || input.key === null || input.key === '' ? null : String(input.key).trim();
    if (key !== null && (key.length > 40 || !KEY.test(key))) errors.push({ field: 'key', message: 'A key is lower-case latin letters, digits and dashes (at most 40), like gift-wrap' });
    if (errors.length) throw fieldErrors(errors);
    const created = await this.db.transaction(async (m) => {
      await lockOrderSettings(m, user.workspaceId);
      const all = await this.list(user.workspaceId, m);
      if (all.length >= ORDER_CUSTOM_FIELDS_MAX) throw badInput(`A workspace has at most ${ORDER_CUSTOM_FIELDS_MAX} order fields; switch off or delete the ones you no longer use`, { field: 'name' });
      if (all.some((f) => f.name.toLocaleLowerCase() === name.toLocaleLowerCase())) throw fieldErrors([{ field: 'name', message: `A field “${name}” exists already` }]);
      if (key !== null && all.some((f) => f.key === key)) throw fieldErrors([{ field: 'key', message: `The key ${key} is taken` }]);
      if (key === null) key = uniqueSlug(keyFromName(name), new Set(all.map((f) => f.key)));
      const [row] = (await m.query(
        `INSERT INTO order_custom_fields (workspace_id, key, name, type, options, required, pinned, position)
         VALUES ($1, $2, $3, $4, $5, $6, $7, (SELECT coalesce(max(position) + 1, 0) FROM order_custom_fields WHERE workspace_id = $1)) RETURNING *`,
        [user.workspaceId, key, name, input.type, options, input.required ?? false, input.pinned ?? false],
      )) as Row[];
      await this.record(m, user, String(row['id']), { op: 'create', name, key, type: input.type });
      return toOrderCustomField(row);
    });
    await this.announce(user.workspaceId);
    return created;
  }

  async update(user: AuthUser, input: UpdateOrderCustomFieldInput): Promise<OrderCustomFieldObject> {
    if (!isUuid(input.id)) throw notFound('Order field');
    const updated = await this.db.transaction(async (m) => {
      await lockOrderSettings(m, user.workspaceId);
      const all = await this.list(user.workspaceId, m);
      const current = all.find((f) => f.id === input.id);
      if (!current) throw notFound('Order field');
      const errors: FieldError[] = [];
      const name = input.name === undefined || input.name === null ? current.name : this.name(input.name, errors);
      const options = input.options === undefined || input.options === null ? current.options : this.options(current.type, input.options, errors);
      if (errors.length) throw fieldErrors(errors);
      if (all.some((f) => f.id !== current.id && f.name.toLocaleLowerCase() === name.toLocaleLowerCase())) throw fieldErrors([{ field: 'name', message: `A field “${name}” exists already` }]);
      const next = { name, options, required: input.required ?? current.required, pinned: input.pinned ?? current.pinned, active: input.active ?? current.active };
      const [row] = returnedRows(
        await m.query(`UPDATE order_custom_fields SET name = $3, options = $4, required = $5, pinned = $6, active = $7, updated_at = now() WHERE id = $1 AND workspace_id = $2 RETURNING *`, [
          current.id,
          user.workspaceId,
          next.name,
          next.options,
          next.required,
          next.pinned,
          next.active,
        ]),
      );
      await this.record(m, user, current.id, {
        op: 'update',
        name: next.name,
        from: { name: current.name, required: current.required, pinned: current.pinned, active: current.active },
        to: { name: next.name, required: next.required, pinned: next.pinned, active: next.active },
      });
      return toOrderCustomField(row);
    });
    await this.announce(user.workspaceId);
    return updated;
  }

  /** Deletes a field no order has a value of; a used one is switched off instead (returned); null when deleted. */
  async remove(user: AuthUser, id: string): Promise<OrderCustomFieldObject | null> {
    if (!isUuid(id)) throw notFound('Order field');
    const result = await this.db.transaction(async (m) => {
      await lockOrderSettings(m, user.workspaceId);
      const [row] = (await m.query(`SELECT * FROM order_custom_fields WHERE id = $1 AND workspace_id = $2`, [id, user.workspaceId])) as Row[];
      if (!row) throw notFound('Order field');
      const field = toOrderCustomField(row);
      const [used] = (await m.query(`SELECT 1 FROM orders WHERE workspace_id = $1 AND custom ? $2 LIMIT 1`, [user.workspaceId, field.key])) as Row[];
      if (used) {
        const [off] = returnedRows(await m.query(`UPDATE order_custom_fields SET active = false, updated_at = now() WHERE id = $1 RETURNING *`, [id]));
        await this.record(m, user, id, { op: 'update', name: field.name, from: { active: field.active }, to: { active: false }, reason: 'used by orders' });
        return toOrderCustomField(off);
      }
      await m.query(`DELETE FROM order_custom_fields WHERE id = $1 AND workspace_id = $2`, [id, user.workspaceId]);
      await this.record(m, user, id, { op: 'delete', name: field.name, key: field.key });
      return null;
    });
    await this.announce(user.workspaceId);
    return result;
  }

  /** Moves a field to `position` (0-based); the others close up. Returns every field. */
  async move(user: AuthUser, id: string, position: number): Promise<OrderCustomFieldObject[]> {
    if (!isUuid(id)) throw notFound('Order field');
    if (!Number.isInteger(position) || position < 0 || position >= ORDER_CUSTOM_FIELDS_MAX) throw fieldErrors([{ field: 'position', message: `The position must be a whole number from 0 to ${ORDER_CUSTOM_FIELDS_MAX - 1}` }]);
    await this.db.transaction(async (m) => {
      await lockOrderSettings(m, user.workspaceId);
      const all = await this.list(user.workspaceId, m);
      const current = all.find((f) => f.id === id);
      if (!current) throw notFound('Order field');
      const rest = all.filter((f) => f.id !== id);
      rest.splice(Math.min(position, rest.length), 0, current);
      await m.query(`UPDATE order_custom_fields f SET position = d.pos FROM unnest($2::uuid[], $3::int[]) AS d(id, pos) WHERE f.id = d.id AND f.workspace_id = $1`, [
        user.workspaceId,
        rest.map((f) => f.id),
        rest.map((_, i) => i),
      ]);
      await this.record(m, user, id, { op: 'move', name: current.name, position: rest.indexOf(current) });
    });
    await this.announce(user.workspaceId);
    return this.list(user.workspaceId);
  }

  private name(raw: unknown, errors: FieldError[]): string {
    const name = (typeof raw === 'string' ? raw : '').replace(/\s+/g, ' ').trim();
    if (!name) errors.push({ field: 'name', message: 'A name is required' });
    else if (name.length > NAME_MAX) errors.push({ field: 'name', message: `A name has at most ${NAME_MAX} characters` });
    return name;
  }

  private options(type: OrderCustomFieldType, raw: readonly string[], errors: FieldError[]): string[] {
    const options = [...new Set((Array.isArray(raw) ? raw : []).map((o) => String(o ?? '').replace(/\s+/g, ' ').trim()).filter(Boolean))];
    if (type !== OrderCustomFieldType.select) {
      if (options.length) errors.push({ field: 'options', message: 'Only a select field has options' });
      return [];
    }
    if (!options.length) errors.push({ field: 'options', message: 'A select field needs at least one option' });
    else if (options.length > ORDER_CUSTOM_OPTIONS_MAX) errors.push({ field: 'options', message: `At most ${ORDER_CUSTOM_OPTIONS_MAX} options` });
    else if (options.some((o) => o.length > OPTION_MAX)) errors.push({ field: 'options', message: `An option has at most ${OPTION_MAX} characters` });
    return options;
  }

  private record(m: EntityManager, user: AuthUser, targetId: string, details: Record<string, unknown>): Promise<void> {
    return recordOrderSettingsChange(this.audit, m, user, 'order_custom_field', targetId, details);
  }

  private async announce(workspaceId: string): Promise<void> {
    const e: OrderSettingsEventPayload = { workspaceId, kind: 'custom_fields' };
    await this.bus.publish(Topics.orderSettings(workspaceId), e).catch((err) => this.logger.warn(`order settings event not published: ${(err as Error).message}`));
  }
}
