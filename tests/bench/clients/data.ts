/**
 * Pure helpers of the client list benchmark: the shape of the generated data (tag rates, custom
 * fields) and the floor's SQL, which mirrors ClientListService's statement. No I/O here, so they are
 * unit-tested (data.spec.ts).
 */

export const TAGS = 20;

/**
 * The share of clients that carry tag `k` (0-based): a long tail, as real tags are — tag 0 on 30 %
 * of the clients, tag 19 on about 0.3 %.
 */
export function tagRate(k: number): number {
  if (!Number.isInteger(k) || k < 0 || k >= TAGS) throw new Error(`tag index ${k} out of range`);
  return Math.round((0.3 / Math.pow(k + 1, 1.5)) * 1e6) / 1e6;
}

export type FieldType = 'text' | 'number' | 'decimal' | 'date' | 'select' | 'multi_select' | 'boolean';

export interface BenchField {
  name: string;
  type: FieldType;
  options: string[];
  /** SQL (over generate_series `g`) for the value columns of client g; null = no value. */
  value: { column: 'value_text' | 'value_number' | 'value_date' | 'value_bool' | 'value_options'; sql: string };
}

/** Ten custom fields of every filterable kind; each client has a value for about 80 % of them. */
export const FIELDS: readonly BenchField[] = [
  { name: 'Loyalty card', type: 'text', options: [], value: { column: 'value_text', sql: `'LC' || lpad((g % 100000)::text, 6, '0')` } },
  { name: 'Orders', type: 'number', options: [], value: { column: 'value_number', sql: `(g % 1000)::numeric` } },
  { name: 'Credit limit', type: 'decimal', options: [], value: { column: 'value_number', sql: `((g::bigint * 7919) % 1000000)::numeric / 100` } },
  { name: 'Birthday', type: 'date', options: [], value: { column: 'value_date', sql: `date '1950-01-01' + (g % 20000)` } },
  { name: 'Segment', type: 'select', options: ['Retail', 'Wholesale', 'Partner', 'Staff', 'Other'], value: { column: 'value_text', sql: `(ARRAY['Retail','Retail','Retail','Wholesale','Wholesale','Partner','Staff','Other','Retail','Retail'])[1 + g % 10]` } },
  { name: 'Interests', type: 'multi_select', options: ['Shoes', 'Bags', 'Hats', 'Belts'], value: { column: 'value_options', sql: `CASE g % 5 WHEN 0 THEN ARRAY['Shoes'] WHEN 1 THEN ARRAY['Bags'] WHEN 2 THEN ARRAY['Shoes','Bags'] WHEN 3 THEN ARRAY['Hats'] ELSE ARRAY['Belts','Shoes'] END` } },
  { name: 'Newsletter', type: 'boolean', options: [], value: { column: 'value_bool', sql: `g % 3 = 0` } },
  { name: 'City of birth', type: 'text', options: [], value: { column: 'value_text', sql: `'City ' || (g % 500)` } },
  { name: 'Visits', type: 'number', options: [], value: { column: 'value_number', sql: `(g % 97)::numeric` } },
  { name: 'First order', type: 'date', options: [], value: { column: 'value_date', sql: `date '2015-01-01' + (g % 3650)` } },
];

/** A custom field condition as the API takes it (ClientCustomFieldFilterInput). */
export interface FieldFilter {
  fieldId: string;
  equals?: string;
  min?: string;
  max?: string;
  contains?: string[];
}

/** A filter as the API takes it (ClientFilterInput), the subset the bench uses. */
export interface Filter {
  tagIds?: string[];
  tagMatch?: 'any' | 'all';
  ownerId?: string;
  unassigned?: boolean;
  customFields?: Array<FieldFilter & { type: FieldType }>;
  query?: string;
}

const q = (s: string) => `'${s.replace(/'/g, "''")}'`;

/**
 * The floor: the SQL ClientListService runs for `filter` (same columns, conditions and order), with
 * literals inlined so it can be sent alone over `pg` and EXPLAINed.
 */
export function listSql(workspaceId: string, filter: Filter, limit: number, tagCounts: Readonly<Record<string, number>> = {}): string {
  const where = [`c.workspace_id = ${q(workspaceId)}`];
  const tags = filter.tagIds ?? [];
  const plan = tagPlan(filter.tagMatch ?? 'any', tags.map((id) => ({ id, n: tagCounts[id] ?? Infinity })));
  const arr = (ids: string[]) => `ARRAY[${ids.map(q).join(', ')}]::uuid[]`;
  const driver = plan.driver.length ? `WITH tagged AS MATERIALIZED (SELECT DISTINCT ct.contact_id FROM contact_tags ct WHERE ct.workspace_id = ${q(workspaceId)} AND ct.tag_id = ANY(${arr(plan.driver)})) ` : '';
  if (plan.any.length) where.push(`EXISTS (SELECT 1 FROM contact_tags ct WHERE ct.contact_id = c.id AND ct.tag_id = ANY(${arr(plan.any)}))`);
  for (const t of plan.each) where.push(`EXISTS (SELECT 1 FROM contact_tags ct WHERE ct.contact_id = c.id AND ct.tag_id = ${q(t)}::uuid)`);
  if (filter.ownerId) where.push(`c.owner_id = ${q(filter.ownerId)}::uuid`);
  else if (filter.unassigned) where.push(`c.owner_id IS NULL`);
  if (filter.query) where.push(`c.search_text LIKE ${q(`%${filter.query.toLowerCase().replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`)}`);
  for (const f of filter.customFields ?? []) {
    let cond: string;
    if (f.type === 'multi_select') cond = `v.value_options @> ARRAY[${(f.contains ?? []).map(q).join(', ')}]::text[]`;
    else if (f.type === 'boolean') cond = `v.value_bool = ${f.equals === 'true'}`;
    else if (f.type === 'number' || f.type === 'decimal' || f.type === 'date') {
      const col = f.type === 'date' ? 'value_date' : 'value_number';
      const cast = f.type === 'date' ? 'date' : 'numeric';
      cond = [`v.${col} IS NOT NULL`, ...(f.min !== undefined ? [`v.${col} >= ${q(f.min)}::${cast}`] : []), ...(f.max !== undefined ? [`v.${col} <= ${q(f.max)}::${cast}`] : [])].join(' AND ');
    } else cond = `v.value_text = ${q(f.equals ?? '')}`;
    where.push(`EXISTS (SELECT 1 FROM client_custom_values v WHERE v.contact_id = c.id AND v.field_id = ${q(f.fieldId)}::uuid AND ${cond})`);
  }
  return `${driver}SELECT ${LIST_COLUMNS} FROM contacts c ${driver ? 'JOIN tagged ON tagged.contact_id = c.id ' : ''}WHERE ${where.join(' AND ')} ORDER BY c.created_at DESC, c.id DESC LIMIT ${limit}`;
}

/** ClientListService's RARE_TAG_ROWS and tagPlan: a rare tag's clients drive the query, a common tag is probed. */
export const RARE_TAG_ROWS = 5_000;
export function tagPlan(match: 'any' | 'all', tags: ReadonlyArray<{ id: string; n: number }>): { driver: string[]; any: string[]; each: string[] } {
  if (!tags.length) return { driver: [], any: [], each: [] };
  if (match === 'any' || tags.length === 1) {
    const total = tags.reduce((sum, t) => sum + t.n, 0);
    return total <= RARE_TAG_ROWS ? { driver: tags.map((t) => t.id), any: [], each: [] } : { driver: [], any: tags.map((t) => t.id), each: [] };
  }
  const rarest = [...tags].sort((a, b) => a.n - b.n)[0];
  if (rarest.n <= RARE_TAG_ROWS) return { driver: [rarest.id], any: [], each: tags.filter((t) => t.id !== rarest.id).map((t) => t.id) };
  return { driver: [], any: [], each: tags.map((t) => t.id) };
}

/** The columns ClientListService reads (its ENTITY_COLUMN_LIST). */
export const LIST_COLUMNS = ['id', 'name', 'email', 'phone', 'address', 'city', 'country', 'region', 'metro', 'street', 'house', 'flat', 'building', 'entrance', 'floor', 'block',
  'workspace_id', 'first_name', 'last_name', 'middle_name', 'address_split', 'postal_code', 'owner_id', 'created_at', 'updated_at'].map((c) => `c.${c}`).join(', ');

/** The API's filter for a bench filter (the `type` of a custom field condition is the bench's own). */
export function apiFilter(f: Filter): Record<string, unknown> {
  return { ...f, ...(f.customFields ? { customFields: f.customFields.map(({ type: _t, ...c }) => c) } : {}) };
}

/** The plan's headline: its node types top-down (indentation dropped) and the execution time. */
export function planSummary(lines: readonly string[]): { nodes: string[]; ms: number | null } {
  const nodes = lines
    .map((l) => l.match(/^\s*(?:->\s*)?([A-Z][A-Za-z ]+?)(?: on | using |\s+\(|$)/)?.[1] ?? null)
    .filter((n): n is string => !!n && !/^(Planning|Execution|Buffers|Filter|Index Cond|Sort Key|Sort Method|Heap Blocks|Rows Removed|Recheck Cond|Output|Hash Cond|Join Filter|Worker|Workers|Cache Key|Cache Mode|Hits|Heap Fetches|Group Key|Order By|I\/O Timings|SubPlan|InitPlan|JIT|Functions|Options|Timing)\b/.test(n));
  const exec = lines.map((l) => l.match(/Execution Time: ([\d.]+) ms/)).find(Boolean);
  return { nodes, ms: exec ? Number(exec[1]) : null };
}
