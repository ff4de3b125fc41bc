import { apiFilter, FIELDS, listSql, planSummary, TAGS, tagPlan, tagRate } from './data';

describe('client list bench helpers', () => {
  it('tag rates fall from 30 % to a long tail and refuse an unknown tag', () => {
    const rates = Array.from({ length: TAGS }, (_, k) => tagRate(k));
    expect(rates[0]).toBe(0.3);
    expect(rates.every((r, i) => i === 0 || r < rates[i - 1])).toBe(true);
    expect(rates[TAGS - 1]).toBeGreaterThan(0.003);
    expect(rates[TAGS - 1]).toBeLessThan(0.004);
    expect(() => tagRate(TAGS)).toThrow();
    expect(() => tagRate(-1)).toThrow();
  });

  it('has ten fields with unique names, select options for the choice types', () => {
    expect(FIELDS).toHaveLength(10);
    expect(new Set(FIELDS.map((f) => f.name)).size).toBe(10);
    for (const f of FIELDS) expect(f.options.length > 0).toBe(f.type === 'select' || f.type === 'multi_select');
  });

  it('builds the list SQL of each filter with literals quoted, escaped LIKE and the keyset order', () => {
    const ws = '11111111-1111-4111-8111-111111111111';
    expect(listSql(ws, {}, 31)).toMatch(/WHERE c\.workspace_id = '1111.*' ORDER BY c\.created_at DESC, c\.id DESC LIMIT 31$/);
    const any = listSql(ws, { tagIds: ['a', 'b'] }, 31);
    expect(any).toContain(`ct.tag_id = ANY(ARRAY['a', 'b']::uuid[])`);
    const all = listSql(ws, { tagIds: ['a', 'b'], tagMatch: 'all' }, 31);
    expect(all.match(/EXISTS \(SELECT 1 FROM contact_tags/g)).toHaveLength(2);
    const rare = listSql(ws, { tagIds: ['a', 'b'], tagMatch: 'all' }, 31, { a: 100, b: 90_000 });
    expect(rare).toMatch(/^WITH tagged AS MATERIALIZED \(SELECT DISTINCT ct.contact_id FROM contact_tags ct WHERE ct.workspace_id = '1111[^']*' AND ct.tag_id = ANY\(ARRAY\['a'\]::uuid\[\]\)\) SELECT .* JOIN tagged ON tagged.contact_id = c.id WHERE/);
    expect(rare).toContain(`ct.tag_id = 'b'::uuid`);
    expect(tagPlan('any', [{ id: 'a', n: 3000 }, { id: 'b', n: 3000 }])).toEqual({ driver: [], any: ['a', 'b'], each: [] });
    expect(tagPlan('any', [{ id: 'a', n: 3000 }, { id: 'b', n: 2000 }])).toEqual({ driver: ['a', 'b'], any: [], each: [] });
    expect(tagPlan('all', [{ id: 'a', n: 9000 }, { id: 'b', n: 8000 }])).toEqual({ driver: [], any: [], each: ['a', 'b'] });
    expect(listSql(ws, { unassigned: true }, 5)).toContain('c.owner_id IS NULL');
    expect(listSql(ws, { query: "O'Ne%l" }, 5)).toContain(`c.search_text LIKE '%o''ne\\%l%'`);
    const cf = listSql(ws, { customFields: [{ fieldId: 'f', type: 'number', min: '1', max: '5' }, { fieldId: 'g', type: 'multi_select', contains: ['Shoes'] }, { fieldId: 'h', type: 'boolean', equals: 'true' }] }, 5);
    expect(cf).toContain(`v.value_number >= '1'::numeric AND v.value_number <= '5'::numeric`);
    expect(cf).toContain(`v.value_options @> ARRAY['Shoes']::text[]`);
    expect(cf).toContain(`v.value_bool = true`);
    expect(apiFilter({ customFields: [{ fieldId: 'f', type: 'date', min: '2020-01-01' }] })).toEqual({ customFields: [{ fieldId: 'f', min: '2020-01-01' }] });
  });

  it('summarises a plan by its nodes and execution time', () => {
    const plan = [
      'Limit  (cost=0.43..12.1 rows=31 width=100) (actual time=0.02..0.3 rows=31 loops=1)',
      '  Buffers: shared hit=120',
      '  ->  Nested Loop Semi Join  (cost=...)',
      '        ->  Index Scan using contacts_workspace_created_idx on contacts c  (cost=...)',
      '              Index Cond: (workspace_id = ...)',
      '        ->  Index Only Scan using contact_tags_pkey on contact_tags ct  (cost=...)',
      'Planning Time: 0.3 ms',
      'Execution Time: 0.456 ms',
    ];
    expect(planSummary(plan)).toEqual({ nodes: ['Limit', 'Nested Loop Semi Join', 'Index Scan', 'Index Only Scan'], ms: 0.456 });
  });
});
