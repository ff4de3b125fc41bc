import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { badInput, decodeCursor, encodeCursor, isUuid } from '@parley/api/platform/graphql';
import { DataSource } from 'typeorm';
import { ContactEntity } from '../contact.entity';
import { CustomFieldType } from '../custom-fields/custom-field.object';
import { ClientConnectionObject, ClientCustomFieldFilterInput, ClientFilterInput, TagMatch } from './client-list.input';

export const CLIENT_PAGE_MAX = 100;
export const CLIENT_FILTER_TAGS_MAX = 20;
export const CLIENT_FILTER_FIELDS_MAX = 10;
export const CLIENT_QUERY_MIN = 3;
export const CLIENT_QUERY_MAX = 100;
/**
 * A tag filter whose clients number at most this many starts from those clients (contact_tags_tag_idx,
 * then the primary key of contacts, then a top-N sort); a commoner one walks the created index and
 * probes contact_tags' primary key until the page is full. Left to itself, PostgreSQL walks the index
 * for a rare tag too (its LIMIT costing assumes the matches are spread evenly), reading thousands of
 * rows for a page: measured by tests/bench/clients.
 */
export const RARE_TAG_ROWS = 5_000;

/**
 * How the tag filter runs: `driver` — the tags whose clients the query starts from (a materialised
 * set, when they are rare enough); `any` — one EXISTS for any of these; `each` — one EXISTS per tag.
 */
export function tagPlan(match: TagMatch, tags: ReadonlyArray<{ id: string; n: number }>): { driver: string[]; any: string[]; each: string[] } {
  if (!tags.length) return { driver: [], any: [], each: [] };
  if (match === TagMatch.any || tags.length === 1) {
    const total = tags.reduce((sum, t) => sum + t.n, 0);
    return total <= RARE_TAG_ROWS ? { driver: tags.map((t) => t.id), any: [], each: [] } : { driver: [], any: tags.map((t) => t.id), each: [] };
  }
  const rarest = [...tags].sort((a, b) => a.n - b.n)[0];
  if (rarest.n <= RARE_TAG_ROWS) return { driver: [rarest.id], any: [], each: tags.filter((t) => t.id !== rarest.id).map((t) => t.id) };
  return { driver: [], any: [], each: tags.map((t) => t.id) };
}

const INTEGER = /^-?\d{1,18}$/;
const DECIMAL = /^-?\d{1,18}(\.\d{1,12})?$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

const fail = (field: string, message: string) => badInput(message, { field, fieldErrors: [{ field, message }] });

function realDate(v: string): boolean {
  if (!DATE.test(v)) return false;
  const [y, m, d] = v.split('-').map(Number);
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** An ISO 8601 date or date-time; a date alone is midnight UTC of it (plus a day with `endOfDay`). */
export function parseFilterTime(raw: string, field: string, endOfDay = false): Date {
  const v = String(raw).trim();
  if (!DATE_TIME.test(v) || !realDate(v.slice(0, 10))) throw fail(field, `${v.slice(0, 40)} is not a date (YYYY-MM-DD) or date-time (ISO 8601)`);
  const at = new Date(v.length === 10 ? `${v}T00:00:00Z` : v);
  if (Number.isNaN(at.getTime())) throw fail(field, `${v.slice(0, 40)} is not a date or date-time`);
  if (endOfDay && v.length === 10) at.setUTCDate(at.getUTCDate() + 1);
  return at;
}

/** The free text as search_text holds it: lower case; a phone-like text (digits, spaces, + - ( ) .) as its digits. */
export function normalizeClientQuery(raw: string): string {
  const v = raw.replace(/\s+/g, ' ').trim().toLowerCase();
  if (/^[+(\d][\d\s().-]*$/.test(v) && /\d{3}/.test(v.replace(/\D/g, ''))) return v.replace(/\D/g, '');
  return v;
}

interface FieldRow {
  id: string;
  name: string;
  type: CustomFieldType;
  options: string[];
}

/**
 * Issue #11 (E2): the Clients page list. Newest first by (created_at DESC, id DESC) — a key that
 * never changes, so a client edited while someone pages does not move (no duplicate, no gap); keyset
 * pagination with `after` = pageInfo.endCursor. One SQL statement whose every filter is an index
 * path or a primary-key probe (see the migration 1766440000000-client-list for which index serves
 * which filter). Every operator of the workspace reads (observers too).
 */
@Injectable()
export class ClientListService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async list(workspaceId: string, filter: ClientFilterInput | null | undefined, first: number, after: string | null | undefined): Promise<ClientConnectionObject> {
    if (!Number.isInteger(first) || first < 1 || first > CLIENT_PAGE_MAX) throw fail('first', `first must be between 1 and ${CLIENT_PAGE_MAX}`);
    const cursor = after ? decodeCursor(after) : null;
    const { sql, params } = await this.sql(workspaceId, filter ?? {}, cursor, first + 1);
    const rows: Array<Record<string, unknown>> = await this.db.query(sql, params);
    const contacts = rows.map((r) => this.db.getRepository(ContactEntity).create(toEntity(r)));
    const page = contacts.slice(0, first);
    const last = page[page.length - 1];
    return { nodes: page, pageInfo: { hasNextPage: contacts.length > first, endCursor: last ? encodeCursor({ at: last.createdAt, id: last.id }) : null } };
  }

  /** The list's SQL and parameters (exported through `list` only; `explain` uses it for the bench). */
  async sql(workspaceId: string, f: ClientFilterInput, cursor: { at: Date; id: string } | null, limit: number): Promise<{ sql: string; params: unknown[] }> {
    const params: unknown[] = [];
    const p = (v: unknown) => `$${params.push(v)}`;
    const where: string[] = [`c.workspace_id = ${p(workspaceId)}`];
    let driver = '';
    if (cursor) where.push(`(c.created_at, c.id) < (${p(cursor.at.toISOString())}::timestamptz, ${p(cursor.id)}::uuid)`);

    // tags
    if (f.tagIds !== undefined && f.tagIds !== null) {
      if (!Array.isArray(f.tagIds)) throw fail('tagIds', 'tagIds must be a list of tag ids');
      const ids = [...new Set(f.tagIds)];
      if (ids.length > CLIENT_FILTER_TAGS_MAX) throw fail('tagIds', `Filter by at most ${CLIENT_FILTER_TAGS_MAX} tags`);
      if (ids.some((id) => typeof id !== 'string' || !isUuid(id))) throw fail('tagIds', 'Choose tags of this workspace');
      if (ids.length) {
        // each tag's clients, counted up to RARE_TAG_ROWS + 1 (an index-only range scan of contact_tags_tag_idx)
        const known: Array<{ id: string; n: number }> = await this.db.query(
          `SELECT t.id, (SELECT count(*) FROM (SELECT 1 FROM contact_tags ct WHERE ct.workspace_id = $1 AND ct.tag_id = t.id LIMIT ${RARE_TAG_ROWS + 1}) s)::int AS n
             FROM tags t WHERE t.workspace_id = $1 AND t.id = ANY($2::uuid[])`,
          [workspaceId, ids],
        );
        if (known.length !== ids.length) throw fail('tagIds', 'Choose tags of this workspace');
        const match = f.tagMatch ?? TagMatch.any;
        if (match !== TagMatch.any && match !== TagMatch.all) throw fail('tagMatch', 'tagMatch is any or all');
        const plan = tagPlan(match, known);
        if (plan.driver.length) {
          driver = `WITH tagged AS MATERIALIZED (SELECT DISTINCT ct.contact_id FROM contact_tags ct WHERE ct.workspace_id = ${p(workspaceId)} AND ct.tag_id = ANY(${p(plan.driver)}::uuid[]))`;
        }
        if (plan.any.length) where.push(`EXISTS (SELECT 1 FROM contact_tags ct WHERE ct.contact_id = c.id AND ct.tag_id = ANY(${p(plan.any)}::uuid[]))`);
        for (const id of plan.each) where.push(`EXISTS (SELECT 1 FROM contact_tags ct WHERE ct.contact_id = c.id AND ct.tag_id = ${p(id)}::uuid)`);
      }
    }

    // owner
    if (f.ownerId && f.unassigned) throw fail('unassigned', 'Choose an owner or unassigned, not both');
    if (f.ownerId !== undefined && f.ownerId !== null) {
      if (typeof f.ownerId !== 'string' || !isUuid(f.ownerId)) throw fail('ownerId', 'Choose an operator of this workspace');
      const [op] = await this.db.query(`SELECT 1 FROM operators WHERE id = $1 AND workspace_id = $2`, [f.ownerId, workspaceId]);
      if (!op) throw fail('ownerId', 'Choose an operator of this workspace');
      where.push(`c.owner_id = ${p(f.ownerId)}::uuid`);
    } else if (f.unassigned) {
      where.push(`c.owner_id IS NULL`);
    }

    // created date range: [from, to)
    const from = f.createdFrom ? parseFilterTime(f.createdFrom, 'createdFrom') : null;
    const to = f.createdTo ? parseFilterTime(f.createdTo, 'createdTo', true) : null;
    if (from && to && from >= to) throw fail('createdTo', 'The end of the created range must be after its start');
    if (from) where.push(`c.created_at >= ${p(from.toISOString())}::timestamptz`);
    if (to) where.push(`c.created_at < ${p(to.toISOString())}::timestamptz`);

    // free text
    if (f.query !== undefined && f.query !== null && typeof f.query !== 'string') throw fail('query', 'The search text must be text');
    if (typeof f.query === 'string' && f.query.trim() !== '') {
      if (f.query.length > CLIENT_QUERY_MAX) throw fail('query', `The search text has at most ${CLIENT_QUERY_MAX} characters`);
      const q = normalizeClientQuery(f.query);
      if (q.length < CLIENT_QUERY_MIN) throw fail('query', `Type at least ${CLIENT_QUERY_MIN} characters to search`);
      where.push(`c.search_text LIKE ${p(`%${q.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`)}`);
    }

    // custom fields
    if (f.customFields !== undefined && f.customFields !== null) {
      if (!Array.isArray(f.customFields)) throw fail('customFields', 'customFields must be a list');
      if (f.customFields.length > CLIENT_FILTER_FIELDS_MAX) throw fail('customFields', `Filter by at most ${CLIENT_FILTER_FIELDS_MAX} custom fields`);
      const ids = f.customFields.map((c) => c?.fieldId).filter((id): id is string => typeof id === 'string' && isUuid(id));
      const defs: FieldRow[] = ids.length ? await this.db.query(`SELECT id, name, type, options FROM client_custom_fields WHERE workspace_id = $1 AND id = ANY($2::uuid[])`, [workspaceId, ids]) : [];
      const byId = new Map(defs.map((d) => [d.id, d]));
      f.customFields.forEach((cf, i) => where.push(fieldCondition(cf, byId.get(cf?.fieldId), `customFields.${i}`, p)));
    }

    return {
      sql: `${driver} SELECT ${LIST_COLUMNS} FROM contacts c ${driver ? 'JOIN tagged ON tagged.contact_id = c.id ' : ''}WHERE ${where.join('\n  AND ')}\n ORDER BY c.created_at DESC, c.id DESC LIMIT ${Number(limit)}`,
      params,
    };
  }
}

/** The EXISTS over client_custom_values for one field condition; BAD_USER_INPUT on `customFields.<i>.<part>`. */
function fieldCondition(cf: ClientCustomFieldFilterInput, def: FieldRow | undefined, at: string, p: (v: unknown) => string): string {
  if (!cf || typeof cf !== 'object') throw fail(at, 'A custom field condition needs a fieldId');
  if (!def) throw fail(`${at}.fieldId`, 'Unknown custom field');
  const has = (v: unknown) => v !== undefined && v !== null && v !== '';
  const given = (['equals', 'min', 'max', 'contains'] as const).filter((k) => (k === 'contains' ? Array.isArray(cf.contains) && cf.contains.length > 0 : has(cf[k])));
  if (!given.length) throw fail(at, `Give a value to filter ${def.name} by`);
  const probe = (cond: string) => `EXISTS (SELECT 1 FROM client_custom_values v WHERE v.contact_id = c.id AND v.field_id = ${p(def.id)}::uuid AND ${cond})`;
  const only = (allowed: readonly string[], what: string) => {
    const wrong = given.find((g) => !allowed.includes(g));
    if (wrong) throw fail(`${at}.${wrong}`, `${def.name} is ${what}: filter it with ${allowed.join(' / ')}`);
  };
  switch (def.type) {
    case CustomFieldType.text:
    case CustomFieldType.link:
    case CustomFieldType.select: {
      only(['equals'], def.type === CustomFieldType.select ? 'a choice' : 'text');
      const v = String(cf.equals).trim();
      if (v.length > 5000) throw fail(`${at}.equals`, `${def.name} is at most 5000 characters`);
      if (def.type === CustomFieldType.select && !def.options.includes(v)) throw fail(`${at}.equals`, `${v.slice(0, 100)} is not a choice of ${def.name}`);
      return probe(`v.value_text = ${p(v)}`);
    }
    case CustomFieldType.boolean: {
      only(['equals'], 'yes or no');
      const v = String(cf.equals).trim();
      if (v !== 'true' && v !== 'false') throw fail(`${at}.equals`, `${def.name} is true or false`);
      return probe(`v.value_bool = ${v}`);
    }
    case CustomFieldType.number:
    case CustomFieldType.decimal:
    case CustomFieldType.date: {
      only(['min', 'max'], def.type === CustomFieldType.date ? 'a date' : 'a number');
      const check = (part: 'min' | 'max'): string | null => {
        if (!has(cf[part])) return null;
        const v = String(cf[part]).trim();
        if (def.type === CustomFieldType.date ? !realDate(v) : !(def.type === CustomFieldType.number ? INTEGER : DECIMAL).test(v)) {
          throw fail(`${at}.${part}`, def.type === CustomFieldType.date ? `${v.slice(0, 40)} is not a date (YYYY-MM-DD)` : `${v.slice(0, 40)} is not a ${def.type === CustomFieldType.number ? 'whole ' : ''}number`);
        }
        return v;
      };
      const min = check('min');
      const max = check('max');
      const col = def.type === CustomFieldType.date ? 'value_date' : 'value_number';
      const cast = def.type === CustomFieldType.date ? 'date' : 'numeric';
      const conds = [`v.${col} IS NOT NULL`];
      if (min !== null) conds.push(`v.${col} >= ${p(min)}::${cast}`);
      if (max !== null) conds.push(`v.${col} <= ${p(max)}::${cast}`);
      if (min !== null && max !== null && (def.type === CustomFieldType.date ? min > max : Number(min) > Number(max))) throw fail(`${at}.max`, `The range of ${def.name} ends before it starts`);
      return probe(conds.join(' AND '));
    }
    case CustomFieldType.multi_select: {
      only(['contains'], 'a multiple choice');
      const list = [...new Set((cf.contains ?? []).map((v) => String(v).trim()).filter(Boolean))];
      const unknown = list.find((v) => !def.options.includes(v));
      if (unknown !== undefined) throw fail(`${at}.contains`, `${unknown.slice(0, 100)} is not a choice of ${def.name}`);
      return probe(`v.value_options @> ${p(list)}::text[]`);
    }
  }
  throw fail(`${at}.fieldId`, `${def.name} cannot be filtered`);
}

const CAMEL: Record<string, keyof ContactEntity> = {
  workspace_id: 'workspaceId', first_name: 'firstName', last_name: 'lastName', middle_name: 'middleName', address_split: 'addressSplit', postal_code: 'postalCode', owner_id: 'ownerId', created_at: 'createdAt', updated_at: 'updatedAt',
};
const ENTITY_COLUMN_LIST = ['id', 'name', 'email', 'phone', 'address', 'city', 'country', 'region', 'metro', 'street', 'house', 'flat', 'building', 'entrance', 'floor', 'block', ...Object.keys(CAMEL)];
const ENTITY_COLUMNS = new Set(ENTITY_COLUMN_LIST);
const LIST_COLUMNS = ENTITY_COLUMN_LIST.map((c) => `c.${c}`).join(', ');

function toEntity(r: Record<string, unknown>): Partial<ContactEntity> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(r)) if (ENTITY_COLUMNS.has(k)) out[CAMEL[k] ?? k] = v;
  return out as Partial<ContactEntity>;
}
