import { TestApp } from '../testing/test-app';

/** Issue #11 (E2): custom client fields — admins define, everyone finds by name, values validated by type (decimal exact). */

const FIELD = `id name type required options pinned position rules { minLength maxLength pattern min max scale }`;
const LIST = `query($q: String) { customFields(query: $q) { ${FIELD} } }`;
const CREATE = `mutation($i: CreateCustomFieldInput!) { createCustomField(input: $i) { ${FIELD} } }`;
const UPDATE = `mutation($i: UpdateCustomFieldInput!) { updateCustomField(input: $i) { ${FIELD} } }`;
const DELETE = `mutation($id: ID!) { deleteCustomField(id: $id) }`;
const ORDER = `mutation($ids: [ID!]!) { setPinnedCustomFieldOrder(ids: $ids) { id position } }`;
const SET = `mutation($i: SetContactCustomFieldInput!) { setContactCustomField(input: $i) { id customFields { field { id name type } value values } } }`;

const code = (r: { errors?: Array<{ extensions?: Record<string, any> }> }) => r.errors?.[0]?.extensions?.['code'];
const field = (r: { errors?: Array<{ extensions?: Record<string, any> }> }) => r.errors?.[0]?.extensions?.['field'];

describe('CRM custom client fields (integration)', () => {
  let t: TestApp;
  let admin: string, anna: string, olga: string;
  let workspaceId: string;
  const defs: Record<string, string> = {};

  beforeAll(async () => {
    t = await TestApp.start();
    [admin, anna, olga] = await Promise.all(['admin', 'anna', 'olga'].map((n) => t.login(`${n}@demo.test`)));
    [{ workspace_id: workspaceId }] = await t.db.query(`SELECT workspace_id FROM operators WHERE email = 'anna@demo.test'`);
  });
  afterAll(async () => t?.stop());

  it('admins define every type; others are refused; bad definitions name their input', async () => {
    const make = async (i: Record<string, unknown>) => {
      const r = await t.graphql(CREATE, { i }, admin);
      expect(r.errors).toBeUndefined();
      defs[i['name'] as string] = r.data?.['createCustomField'].id;
      return r.data?.['createCustomField'];
    };
    await make({ name: 'Loyalty card', type: 'text', rules: { pattern: '[A-Z]{2}\\d{4}' }, pinned: true });
    await make({ name: 'Orders count', type: 'number', rules: { min: '0', max: '1000' } });
    expect(await make({ name: 'Credit limit', type: 'decimal', rules: { min: '0', max: '99999.99', scale: 2 }, required: true, pinned: true })).toMatchObject({ type: 'decimal', required: true, pinned: true, rules: { scale: 2, max: '99999.99' } });
    await make({ name: 'Birthday', type: 'date', rules: { min: '1900-01-01' } });
    await make({ name: 'Size', type: 'select', options: ['S', 'M', 'L'] });
    await make({ name: 'Interests', type: 'multi_select', options: ['Shoes', 'Bags', 'Hats'] });
    await make({ name: 'Wholesale', type: 'boolean' });
    await make({ name: 'Website', type: 'link' });
    for (const token of [anna, olga]) expect(code(await t.graphql(CREATE, { i: { name: 'X', type: 'text' } }, token))).toBe('FORBIDDEN');
    expect(code(await t.graphql(DELETE, { id: defs['Size'] }, anna))).toBe('FORBIDDEN');
    const bad: Array<[Record<string, unknown>, string]> = [
      [{ name: ' ', type: 'text' }, 'name'],
      [{ name: 'loyalty CARD', type: 'text' }, 'name'],
      [{ name: 'Choice', type: 'select', options: [] }, 'options'],
      [{ name: 'Plain', type: 'text', options: ['a'] }, 'options'],
      [{ name: 'Rx', type: 'text', rules: { pattern: '(' } }, 'rules.pattern'],
      [{ name: 'Dec', type: 'decimal', rules: { max: '1e5' } }, 'rules.max'],
      [{ name: 'Dec2', type: 'decimal', rules: { scale: 20 } }, 'rules.scale'],
      [{ name: 'Bool', type: 'boolean', rules: { min: '1' } }, 'rules.min'],
    ];
    for (const [i, f] of bad) {
      const r = await t.graphql(CREATE, { i }, admin);
      expect({ i, code: code(r), field: field(r) }).toEqual({ i, code: 'BAD_USER_INPUT', field: f });
    }
    const audit = await t.db.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'custom_field.changed'`);
    expect(audit[0].n).toBe(8);
  });

  it('every operator finds fields by name (pinned first, in their order); admins reorder the pinned ones', async () => {
    for (const token of [admin, anna, olga]) {
      const all = (await t.graphql(LIST, {}, token)).data?.['customFields'].map((f: any) => f.name);
      expect(all.slice(0, 2)).toEqual(['Loyalty card', 'Credit limit']);
      expect(all).toHaveLength(8);
    }
    expect((await t.graphql(LIST, { q: 'cre' }, anna)).data?.['customFields'].map((f: any) => f.name)).toEqual(['Credit limit']);
    expect((await t.graphql(LIST, { q: 'COUNT' }, anna)).data?.['customFields'].map((f: any) => f.name)).toEqual(['Orders count']);
    expect((await t.graphql(LIST, { q: '%' }, anna)).data?.['customFields']).toEqual([]);
    const r = await t.graphql(ORDER, { ids: [defs['Credit limit'], defs['Loyalty card']] }, admin);
    expect(r.data?.['setPinnedCustomFieldOrder'].map((f: any) => f.id)).toEqual([defs['Credit limit'], defs['Loyalty card']]);
    expect(field(await t.graphql(ORDER, { ids: [defs['Credit limit']] }, admin))).toBe('ids');
    expect(code(await t.graphql(ORDER, { ids: [defs['Credit limit'], defs['Loyalty card']] }, anna))).toBe('FORBIDDEN');
    const renamed = await t.graphql(UPDATE, { i: { id: defs['Website'], name: 'Web site', pinned: true } }, admin);
    expect(renamed.data?.['updateCustomField']).toMatchObject({ name: 'Web site', pinned: true });
  });

  it('values are validated by type and rules; a decimal stays exact; observers cannot set them; clearing a required one is refused', async () => {
    const [{ id: c }] = await t.db.query(`INSERT INTO contacts (workspace_id, name) VALUES ($1, 'Custom Client') RETURNING id`, [workspaceId]);
    const set = (name: string, v: { value?: string | null; values?: string[] }, token = anna) => t.graphql(SET, { i: { contactId: c, fieldId: defs[name], ...v } }, token);
    const good: Array<[string, { value?: string; values?: string[] }, { value: string | null; values: string[] }]> = [
      ['Loyalty card', { value: 'AB1234' }, { value: 'AB1234', values: [] }],
      ['Orders count', { value: '12' }, { value: '12', values: [] }],
      ['Credit limit', { value: '12345.10' }, { value: '12345.10', values: [] }],
      ['Birthday', { value: '1990-02-28' }, { value: '1990-02-28', values: [] }],
      ['Size', { value: 'M' }, { value: 'M', values: [] }],
      ['Interests', { values: ['Hats', 'Shoes', 'Hats'] }, { value: null, values: ['Shoes', 'Hats'] }],
      ['Wholesale', { value: 'false' }, { value: 'false', values: [] }],
      ['Website', { value: 'https://example.com/shop' }, { value: 'https://example.com/shop', values: [] }],
    ];
    for (const [name, v, expected] of good) {
      const r = await set(name, v);
      expect(r.errors).toBeUndefined();
      expect(r.data?.['setContactCustomField'].customFields.find((x: any) => x.field.id === defs[name])).toMatchObject(expected);
    }
    // exact decimal: 0.1 + 0.2 style values never pass through a float
    expect((await set('Credit limit', { value: '99999.99' })).data?.['setContactCustomField'].customFields.find((x: any) => x.field.name === 'Credit limit').value).toBe('99999.99');
    const [stored] = await t.db.query(`SELECT pg_typeof(value_number)::text AS type, value_number::text AS v FROM client_custom_values WHERE field_id = $1`, [defs['Credit limit']]);
    expect(stored).toEqual({ type: 'numeric', v: '99999.99' });

    const bad: Array<[string, { value?: string | null; values?: string[] }, string]> = [
      ['Loyalty card', { value: 'ab12' }, 'value'],
      ['Orders count', { value: '1.5' }, 'value'],
      ['Orders count', { value: '1001' }, 'value'],
      ['Credit limit', { value: '100000.00' }, 'value'],
      ['Credit limit', { value: '1.005' }, 'value'],
      ['Credit limit', { value: '1e3' }, 'value'],
      ['Credit limit', { value: null }, 'value'],
      ['Birthday', { value: '1990-02-30' }, 'value'],
      ['Birthday', { value: '1899-12-31' }, 'value'],
      ['Size', { value: 'XL' }, 'value'],
      ['Interests', { values: ['Socks'] }, 'values'],
      ['Interests', { value: 'Shoes' }, 'values'],
      ['Wholesale', { value: 'yes' }, 'value'],
      ['Website', { value: 'javascript:alert(1)' }, 'value'],
    ];
    for (const [name, v, f] of bad) {
      const r = await set(name, v);
      expect({ name, v, code: code(r), field: field(r) }).toEqual({ name, v, code: 'BAD_USER_INPUT', field: f });
    }
    expect(code(await set('Size', { value: 'S' }, olga))).toBe('FORBIDDEN');
    expect(code(await t.graphql(SET, { i: { contactId: c, fieldId: '00000000-0000-4000-8000-000000000000', value: 'x' } }, anna))).toBe('NOT_FOUND');
    // an optional value clears; the audit names the field
    const cleared = await set('Size', { value: null });
    expect(cleared.data?.['setContactCustomField'].customFields.some((x: any) => x.field.name === 'Size')).toBe(false);
    const audit = await t.db.query(`SELECT details FROM audit_log WHERE action = 'contact.changed' AND target_id = $1 AND details->>'name' = 'Size' ORDER BY created_at`, [c]);
    expect(audit.map((a: any) => a.details.op)).toEqual(['set', 'clear']);
    // deleting a definition removes its values
    expect((await t.graphql(DELETE, { id: defs['Wholesale'] }, admin)).data?.['deleteCustomField']).toBe(true);
    expect((await t.db.query(`SELECT count(*)::int AS n FROM client_custom_values WHERE field_id = $1`, [defs['Wholesale']]))[0].n).toBe(0);
  });
});
