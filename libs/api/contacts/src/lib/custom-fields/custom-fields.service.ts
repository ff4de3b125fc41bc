import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditService, ClientAuditAction } from '@parley/api/platform/audit';
import { AuthUser } from '@parley/api/platform/auth';
import { badInput, isUuid, notFound } from '@parley/api/platform/graphql';
import { isURL } from 'class-validator';
import { DataSource, EntityManager } from 'typeorm';
import { ClientsService, ClientWrite } from '../clients/clients.service';
import { ContactCustomValueObject, CustomFieldObject, CustomFieldRulesObject, CustomFieldType } from './custom-field.object';

export const CUSTOM_FIELDS_MAX = 200;
const OPTIONS_MAX = 100;
const TEXT_MAX = 5000;

const INTEGER = /^-?\d{1,18}$/;
const DECIMAL = /^-?\d{1,18}(\.\d{1,12})?$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

const fail = (field: string, message: string) => badInput(message, { field, fieldErrors: [{ field, message }] });

const toField = (r: Record<string, unknown>): CustomFieldObject => ({
  id: r['id'] as string,
  name: r['name'] as string,
  type: r['type'] as CustomFieldType,
  required: r['required'] as boolean,
  options: (r['options'] as string[]) ?? [],
  rules: (r['rules'] as CustomFieldRulesObject) ?? {},
  pinned: r['pinned'] as boolean,
  position: r['position'] as number,
});

export interface CustomFieldDefinition {
  name?: string | null;
  type?: CustomFieldType;
  required?: boolean | null;
  options?: string[] | null;
  rules?: CustomFieldRulesObject | null;
  pinned?: boolean | null;
}

type Actor = Pick<AuthUser, 'workspaceId' | 'operatorId'> & { displayName?: string | null };

function isRealDate(v: string): boolean {
  if (!DATE.test(v)) return false;
  const [y, m, d] = v.split('-').map(Number);
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/**
 * Issue #11 (E2): custom client fields. Admins define them (the resolver's role check); every
 * operator finds them by name and reads the values; values are validated by the field's type and
 * rules and stored in a typed column (a decimal in `numeric`, compared by PostgreSQL, never a float).
 */
@Injectable()
export class CustomFieldsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly clients: ClientsService,
  ) {}

  /** Pinned fields first (in their order), then the others by name; `query` matches the name's start or any word's start. */
  async list(workspaceId: string, query?: string | null): Promise<CustomFieldObject[]> {
    const q = (query ?? '').trim().toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`);
    if (q.length > 60) throw fail('query', 'A field name has at most 60 characters');
    const rows = await this.db.query(
      `SELECT * FROM client_custom_fields WHERE workspace_id = $1 ${q ? `AND (lower(name) LIKE $2 || '%' OR lower(name) LIKE '% ' || $2 || '%')` : ''}
        ORDER BY pinned DESC, CASE WHEN pinned THEN position END, lower(name), id LIMIT ${CUSTOM_FIELDS_MAX}`,
      q ? [workspaceId, q] : [workspaceId],
    );
    return rows.map(toField);
  }

  async create(actor: Actor, d: CustomFieldDefinition & { name: string; type: CustomFieldType }): Promise<CustomFieldObject> {
    if (!Object.values(CustomFieldType).includes(d.type)) throw fail('type', 'Unknown field type');
    const v = this.checkedDefinition(d.type, d, null);
    return this.db.transaction(async (m) => {
      const [{ n }] = await m.query(`SELECT count(*)::int AS n FROM client_custom_fields WHERE workspace_id = $1`, [actor.workspaceId]);
      if (n >= CUSTOM_FIELDS_MAX) throw fail('name', `A workspace has at most ${CUSTOM_FIELDS_MAX} custom fields`);
      await this.nameFree(m, actor.workspaceId, v.name, null);
      const [row] = await m.query(
        `INSERT INTO client_custom_fields (workspace_id, name, type, required, options, rules, pinned, position)
         VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, (SELECT coalesce(max(position), -1) + 1 FROM client_custom_fields WHERE workspace_id = $1)) RETURNING *`,
        [actor.workspaceId, v.name, d.type, v.required, v.options, JSON.stringify(v.rules), v.pinned],
      );
      await this.record(m, actor, row.id, { op: 'created', name: v.name, type: d.type });
      return toField(row);
    });
  }

  async update(actor: Actor, id: string, d: CustomFieldDefinition): Promise<CustomFieldObject> {
    return this.db.transaction(async (m) => {
      const current = await this.field(m, actor.workspaceId, id);
      const v = this.checkedDefinition(current.type, d, current);
      if (v.name.toLowerCase() !== current.name.toLowerCase()) await this.nameFree(m, actor.workspaceId, v.name, id);
      const [rows] = await m.query(
        `UPDATE client_custom_fields SET name = $3, required = $4, options = $5, rules = $6::jsonb, pinned = $7, updated_at = now() WHERE id = $1 AND workspace_id = $2 RETURNING *`,
        [id, actor.workspaceId, v.name, v.required, v.options, JSON.stringify(v.rules), v.pinned],
      );
      await this.record(m, actor, id, { op: 'updated', name: v.name, type: current.type });
      return toField(rows[0]);
    });
  }

  async remove(actor: Actor, id: string): Promise<boolean> {
    return this.db.transaction(async (m) => {
      const current = await this.field(m, actor.workspaceId, id);
      await m.query(`DELETE FROM client_custom_fields WHERE id = $1 AND workspace_id = $2`, [id, actor.workspaceId]);
      await this.record(m, actor, id, { op: 'deleted', name: current.name, type: current.type });
      return true;
    });
  }

  /** The pinned fields in this order (the panel's drag and drop); the ids must be exactly the pinned ones. */
  async setPinnedOrder(actor: Actor, ids: string[]): Promise<CustomFieldObject[]> {
    await this.db.transaction(async (m) => {
      const pinned: Array<{ id: string }> = await m.query(`SELECT id FROM client_custom_fields WHERE workspace_id = $1 AND pinned FOR UPDATE`, [actor.workspaceId]);
      const wanted = new Set(ids);
      if (wanted.size !== ids.length || wanted.size !== pinned.length || pinned.some((p) => !wanted.has(p.id))) {
        throw fail('ids', 'Give every pinned field once, in the new order');
      }
      await m.query(
        `UPDATE client_custom_fields f SET position = o.ord - 1, updated_at = now() FROM unnest($2::uuid[]) WITH ORDINALITY AS o(id, ord) WHERE f.id = o.id AND f.workspace_id = $1`,
        [actor.workspaceId, ids],
      );
      await this.record(m, actor, null, { op: 'reordered', ids });
    });
    return (await this.list(actor.workspaceId)).filter((f) => f.pinned);
  }

  /** Each client's values (with their fields, pinned first), one query for any number of clients (a DataLoader's batch). */
  async valuesOf(workspaceId: string, contactIds: readonly string[]): Promise<ContactCustomValueObject[][]> {
    const rows: Array<Record<string, unknown>> = await this.db.query(
      `SELECT v.contact_id, v.value_text, v.value_number::text AS value_number, to_char(v.value_date, 'YYYY-MM-DD') AS value_date, v.value_bool, v.value_options, f.*
         FROM client_custom_values v JOIN client_custom_fields f ON f.id = v.field_id
        WHERE v.contact_id = ANY($1::uuid[]) AND v.workspace_id = $2
        ORDER BY f.pinned DESC, CASE WHEN f.pinned THEN f.position END, lower(f.name), f.id`,
      [contactIds, workspaceId],
    );
    const by = new Map<string, ContactCustomValueObject[]>();
    for (const r of rows) {
      const field = toField(r);
      const value = field.type === CustomFieldType.multi_select ? null
        : field.type === CustomFieldType.boolean ? (r['value_bool'] === null ? null : String(r['value_bool']))
        : ((r['value_number'] ?? r['value_date'] ?? r['value_text']) as string | null);
      const item = { field, value, values: (r['value_options'] as string[] | null) ?? [] };
      (by.get(r['contact_id'] as string) ?? by.set(r['contact_id'] as string, []).get(r['contact_id'] as string))?.push(item);
    }
    return contactIds.map((id) => by.get(id) ?? []);
  }

  /** Sets (or with null / empty clears) a client's value, validated by the field's type and rules; audited; `changed` false for the same value. */
  async setValue(actor: Actor, contactId: string, fieldId: string, value: string | null | undefined, values: string[] | null | undefined): Promise<ClientWrite> {
    return this.db.transaction(async (m) => {
      const field = await this.field(m, actor.workspaceId, fieldId, 'fieldId');
      const contact = await this.clients.get(actor.workspaceId, contactId, m);
      const cols = await this.checkedValue(m, field, value, values);
      if (!cols) {
        if (field.required) throw fail('value', `${field.name} is required`);
        const [, deleted] = await m.query(`DELETE FROM client_custom_values WHERE contact_id = $1 AND field_id = $2`, [contact.id, field.id]);
        if (deleted) await this.recordValue(m, actor, contact.id, field, null);
        return { contact, changed: !!deleted };
      }
      const rows: unknown[] = await m.query(
        `INSERT INTO client_custom_values (contact_id, field_id, workspace_id, value_text, value_number, value_date, value_bool, value_options)
         VALUES ($1, $2, $3, $4, $5::numeric, $6::date, $7, $8)
         ON CONFLICT (contact_id, field_id) DO UPDATE SET value_text = EXCLUDED.value_text, value_number = EXCLUDED.value_number, value_date = EXCLUDED.value_date,
           value_bool = EXCLUDED.value_bool, value_options = EXCLUDED.value_options, updated_at = now()
         WHERE (client_custom_values.value_text, client_custom_values.value_number, client_custom_values.value_date, client_custom_values.value_bool, client_custom_values.value_options)
           IS DISTINCT FROM (EXCLUDED.value_text, EXCLUDED.value_number, EXCLUDED.value_date, EXCLUDED.value_bool, EXCLUDED.value_options)
         RETURNING 1`,
        [contact.id, field.id, actor.workspaceId, cols.text, cols.number, cols.date, cols.bool, cols.options],
      );
      const changed = rows.length > 0;
      if (changed) {
        await m.query(`UPDATE contacts SET updated_at = now() WHERE id = $1`, [contact.id]);
        await this.recordValue(m, actor, contact.id, field, cols.options ?? cols.text ?? cols.number ?? cols.date ?? cols.bool);
      }
      return { contact: await this.clients.get(actor.workspaceId, contact.id, m), changed };
    });
  }

  private async checkedValue(m: EntityManager, f: CustomFieldObject, value: string | null | undefined, values: string[] | null | undefined): Promise<{ text: string | null; number: string | null; date: string | null; bool: boolean | null; options: string[] | null } | null> {
    const out = { text: null as string | null, number: null as string | null, date: null as string | null, bool: null as boolean | null, options: null as string[] | null };
    if (f.type === CustomFieldType.multi_select) {
      if (value !== undefined && value !== null && value !== '') throw fail('values', `${f.name} takes a list of choices (values)`);
      const list = [...new Set((values ?? []).map((v) => String(v).trim()).filter(Boolean))];
      if (!list.length) return null;
      const unknown = list.find((v) => !f.options.includes(v));
      if (unknown) throw fail('values', `${unknown} is not a choice of ${f.name}`);
      out.options = f.options.filter((o) => list.includes(o));
      return out;
    }
    if (values !== undefined && values !== null) throw fail('values', `${f.name} takes one value (value)`);
    const v = typeof value === 'string' ? value.trim() : value;
    if (v === null || v === undefined || v === '') return null;
    const r = f.rules ?? {};
    switch (f.type) {
      case CustomFieldType.text: {
        if (v.length > (r.maxLength ?? TEXT_MAX)) throw fail('value', `${f.name} is at most ${r.maxLength ?? TEXT_MAX} characters`);
        if (r.minLength && v.length < r.minLength) throw fail('value', `${f.name} is at least ${r.minLength} characters`);
        if (r.pattern && !new RegExp(`^(?:${r.pattern})$`, 'u').test(v)) throw fail('value', `${f.name} does not have the expected format`);
        out.text = v;
        break;
      }
      case CustomFieldType.link:
        if (v.length > 2000 || !isURL(v, { protocols: ['http', 'https'], require_protocol: true })) throw fail('value', `${f.name} must be a web address (https://…)`);
        out.text = v;
        break;
      case CustomFieldType.number:
      case CustomFieldType.decimal: {
        const integer = f.type === CustomFieldType.number;
        if (!(integer ? INTEGER : DECIMAL).test(v)) throw fail('value', integer ? `${f.name} must be a whole number` : `${f.name} must be a decimal number like 12.50`);
        const scale = r.scale ?? 2;
        const digits = v.split('.')[1]?.length ?? 0;
        if (!integer && digits > scale) throw fail('value', `${f.name} has at most ${scale} digits after the point`);
        // range checks in numeric (exact), never in floating point
        const [cmp] = await m.query(`SELECT ($1::numeric < $2::numeric) AS below, ($1::numeric > $3::numeric) AS above`, [v, r.min ?? null, r.max ?? null]);
        if (cmp.below) throw fail('value', `${f.name} is at least ${r.min}`);
        if (cmp.above) throw fail('value', `${f.name} is at most ${r.max}`);
        out.number = v;
        break;
      }
      case CustomFieldType.date:
        if (!isRealDate(v)) throw fail('value', `${f.name} must be a date (YYYY-MM-DD)`);
        if (r.min && v < r.min) throw fail('value', `${f.name} is on or after ${r.min}`);
        if (r.max && v > r.max) throw fail('value', `${f.name} is on or before ${r.max}`);
        out.date = v;
        break;
      case CustomFieldType.boolean:
        if (v !== 'true' && v !== 'false') throw fail('value', `${f.name} is true or false`);
        out.bool = v === 'true';
        break;
      case CustomFieldType.select:
        if (!f.options.includes(v)) throw fail('value', `${v} is not a choice of ${f.name}`);
        out.text = v;
        break;
    }
    return out;
  }

  /** The definition after `d` (omitted parts from `current`), validated with the input field named. */
  private checkedDefinition(type: CustomFieldType, d: CustomFieldDefinition, current: CustomFieldObject | null): { name: string; required: boolean; options: string[]; rules: CustomFieldRulesObject; pinned: boolean } {
    const rawName = d.name ?? current?.name;
    const name = typeof rawName === 'string' ? rawName.replace(/\s+/g, ' ').trim() : '';
    if (!name) throw fail('name', 'A field needs a name');
    if (name.length > 60) throw fail('name', 'A field name has at most 60 characters');
    const choice = type === CustomFieldType.select || type === CustomFieldType.multi_select;
    let options = d.options !== undefined && d.options !== null ? [...new Set(d.options.map((o) => String(o).trim()).filter(Boolean))] : (current?.options ?? []);
    if (!choice) {
      if (d.options?.length) throw fail('options', 'Only select fields have choices');
      options = [];
    } else {
      if (!options.length) throw fail('options', 'A select field needs at least one choice');
      if (options.length > OPTIONS_MAX || options.some((o) => o.length > 100)) throw fail('options', `At most ${OPTIONS_MAX} choices of at most 100 characters`);
    }
    const r: CustomFieldRulesObject = { ...(d.rules !== undefined && d.rules !== null ? d.rules : (current?.rules ?? {})) };
    const applies: Record<CustomFieldType, Array<keyof CustomFieldRulesObject>> = {
      text: ['minLength', 'maxLength', 'pattern'], number: ['min', 'max'], decimal: ['min', 'max', 'scale'], date: ['min', 'max'],
      select: [], multi_select: [], boolean: [], link: [],
    };
    for (const key of Object.keys(r) as Array<keyof CustomFieldRulesObject>) {
      if (r[key] === null || r[key] === undefined) delete r[key];
      else if (!applies[type].includes(key)) throw fail(`rules.${key}`, `${key} is no rule of a ${type} field`);
    }
    for (const key of ['minLength', 'maxLength'] as const) {
      const n = r[key];
      if (n !== undefined && n !== null && (!Number.isInteger(n) || n < 0 || n > TEXT_MAX)) throw fail(`rules.${key}`, `${key} is a whole number from 0 to ${TEXT_MAX}`);
    }
    if (r.minLength != null && r.maxLength != null && r.minLength > r.maxLength) throw fail('rules.maxLength', 'maxLength is below minLength');
    if (r.pattern) {
      try {
        new RegExp(r.pattern, 'u');
      } catch {
        throw fail('rules.pattern', 'pattern is not a valid regular expression');
      }
    }
    if (r.scale !== undefined && r.scale !== null && (!Number.isInteger(r.scale) || r.scale < 0 || r.scale > 12)) throw fail('rules.scale', 'scale is a whole number from 0 to 12');
    for (const key of ['min', 'max'] as const) {
      const v = r[key];
      if (v === undefined || v === null) continue;
      const ok = type === CustomFieldType.date ? isRealDate(v) : type === CustomFieldType.number ? INTEGER.test(v) : DECIMAL.test(v);
      if (!ok) throw fail(`rules.${key}`, `${key} must be ${type === CustomFieldType.date ? 'a date (YYYY-MM-DD)' : 'a number'}`);
    }
    return { name, required: d.required ?? current?.required ?? false, options, rules: r, pinned: d.pinned ?? current?.pinned ?? false };
  }

  private async nameFree(m: EntityManager, workspaceId: string, name: string, exceptId: string | null): Promise<void> {
    const [taken] = await m.query(`SELECT 1 FROM client_custom_fields WHERE workspace_id = $1 AND lower(name) = lower($2) AND id IS DISTINCT FROM $3::uuid`, [workspaceId, name, exceptId]);
    if (taken) throw fail('name', `There already is a field named ${name}`);
  }

  private async field(m: EntityManager, workspaceId: string, id: string, input = 'id'): Promise<CustomFieldObject> {
    if (!isUuid(id)) throw notFound('Custom field');
    const [row] = await m.query(`SELECT * FROM client_custom_fields WHERE id = $1 AND workspace_id = $2`, [id, workspaceId]);
    if (!row) throw notFound(input === 'fieldId' ? 'Custom field (fieldId)' : 'Custom field');
    return toField(row);
  }

  private record(m: EntityManager, actor: Actor, fieldId: string | null, details: Record<string, unknown>): Promise<void> {
    return this.audit.record({ workspaceId: actor.workspaceId, actorId: actor.operatorId, actorName: actor.displayName ?? null, action: ClientAuditAction.customFieldChanged, targetType: 'custom_field', targetId: fieldId, details }, m);
  }

  private recordValue(m: EntityManager, actor: Actor, contactId: string, field: CustomFieldObject, value: unknown): Promise<void> {
    return this.audit.record(
      { workspaceId: actor.workspaceId, actorId: actor.operatorId, actorName: actor.displayName ?? null, action: ClientAuditAction.contactChanged, targetType: 'contact', targetId: contactId, details: { field: 'customField', fieldId: field.id, name: field.name, op: value === null ? 'clear' : 'set', value } },
      m,
    );
  }
}
