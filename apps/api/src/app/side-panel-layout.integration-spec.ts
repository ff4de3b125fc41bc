import { SIDE_PANEL_WIDGET_KINDS } from '@parley/shared/contracts';
import { TestApp } from '../testing/test-app';

const LAYOUT = `query { sidePanelLayout { widgets { kind hidden collapsed } disabledKinds } }`;
const SAVE = `mutation($i: SaveSidePanelLayoutInput!) { saveSidePanelLayout(input: $i) { widgets { kind hidden collapsed } disabledKinds } }`;
const DISABLE = `mutation($i: SetSidePanelWidgetsDisabledInput!) { setSidePanelWidgetsDisabled(input: $i) { widgets { kind } disabledKinds } }`;
const CHANGED = `subscription { sidePanelLayoutChanged { widgets { kind hidden collapsed } disabledKinds } }`;

const kinds = (layout: { widgets: Array<{ kind: string }> }) => layout.widgets.map((w) => w.kind);

/** Issue #11 (E0): the side panel's layout is saved per operator on the server, and admins disable widgets for everyone, live. */
describe('side panel layout (integration, issue #11)', () => {
  let t: TestApp;
  beforeAll(async () => (t = await TestApp.start()));
  afterAll(async () => t?.stop());
  beforeEach(async () => t.db.query(`DELETE FROM side_panel_layouts; DELETE FROM side_panel_settings`));

  it('starts with every widget in its default order, the client pinned on top', async () => {
    const anna = await t.login('anna@demo.test');
    const res = await t.graphql(LAYOUT, {}, anna);
    expect(res.errors).toBeUndefined();
    expect(kinds(res.data!['sidePanelLayout'])).toEqual([...SIDE_PANEL_WIDGET_KINDS]);
    expect(res.data!['sidePanelLayout'].widgets[0]).toEqual({ kind: 'client-basics', hidden: false, collapsed: false });
  });

  it('keeps an operator’s order, hidden and collapsed widgets for them alone, on every device', async () => {
    const [anna, annaPhone, boris] = await Promise.all([t.login('anna@demo.test'), t.login('anna@demo.test'), t.login('boris@demo.test')]);
    const saved = await t.graphql(SAVE, { i: { widgets: [{ kind: 'timeline' }, { kind: 'conversation', collapsed: true }, { kind: 'owner-tags', hidden: true }] } }, anna);
    expect(saved.errors).toBeUndefined();
    const expected = [
      { kind: 'client-basics', hidden: false, collapsed: false },
      { kind: 'timeline', hidden: false, collapsed: false },
      { kind: 'conversation', hidden: false, collapsed: true },
      { kind: 'owner-tags', hidden: true, collapsed: false },
      { kind: 'notes', hidden: false, collapsed: false },
      { kind: 'tasks', hidden: false, collapsed: false },
      { kind: 'visit', hidden: false, collapsed: false },
      { kind: 'summary', hidden: false, collapsed: false },
      { kind: 'products', hidden: false, collapsed: false },
      { kind: 'orders', hidden: false, collapsed: false },
      { kind: 'cart', hidden: false, collapsed: false },
    ];
    expect(saved.data!['saveSidePanelLayout'].widgets).toEqual(expected);
    expect((await t.graphql(LAYOUT, {}, annaPhone)).data!['sidePanelLayout'].widgets).toEqual(expected);
    expect(kinds((await t.graphql(LAYOUT, {}, boris)).data!['sidePanelLayout'])).toEqual([...SIDE_PANEL_WIDGET_KINDS]);
    // a partial list: the widgets it does not name follow in their default order
    const partial = await t.graphql(SAVE, { i: { widgets: [{ kind: 'conversation' }] } }, anna);
    expect(kinds(partial.data!['saveSidePanelLayout'])).toEqual(['client-basics', 'conversation', 'owner-tags', 'timeline', 'notes', 'tasks', 'visit', 'summary', 'products', 'orders', 'cart']);
    // observers keep a layout of their own too: it is their view, not workspace data
    const olga = await t.login('olga@demo.test');
    expect((await t.graphql(SAVE, { i: { widgets: [{ kind: 'timeline', collapsed: true }] } }, olga)).errors).toBeUndefined();
  });

  it('refuses an unknown, repeated or pinned widget, and too long a list, naming the field', async () => {
    const anna = await t.login('anna@demo.test');
    const code = async (widgets: unknown[]) => (await t.graphql(SAVE, { i: { widgets } }, anna)).errors?.[0];
    expect((await code([{ kind: 'crystal-ball' }]))?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'widgets', kind: 'crystal-ball' });
    expect((await code([{ kind: 'timeline' }, { kind: 'timeline' }]))?.message).toMatch(/named twice/);
    expect((await code([{ kind: 'client-basics', hidden: true }]))?.message).toMatch(/pinned/);
    expect((await code(Array.from({ length: 51 }, () => ({ kind: 'timeline' }))))?.extensions?.['code']).toBe('BAD_USER_INPUT');
    expect((await code([{ kind: 'x'.repeat(5000) }]))?.extensions?.['code']).toBe('BAD_USER_INPUT');
    // a refused save changes nothing
    expect(kinds((await t.graphql(LAYOUT, {}, anna)).data!['sidePanelLayout'])).toEqual([...SIDE_PANEL_WIDGET_KINDS]);
    // not signed in: refused
    expect((await t.graphql(LAYOUT, {})).errors?.[0].extensions?.['code']).toBe('UNAUTHENTICATED');
  });

  it('an admin disables a widget for everyone: audited, gone from every panel live, and back when enabled', async () => {
    const [admin, anna, boris] = await Promise.all([t.login('admin@demo.test'), t.login('anna@demo.test'), t.login('boris@demo.test')]);
    await t.graphql(SAVE, { i: { widgets: [{ kind: 'timeline' }, { kind: 'owner-tags', collapsed: true }] } }, anna);
    const sub = t.subscriptions(anna);
    const seen: any[] = [];
    sub.client.subscribe({ query: CHANGED }, { next: (x) => seen.push((x.data as any).sidePanelLayoutChanged), error: () => undefined, complete: () => undefined });
    await sub.connected;
    await new Promise((r) => setTimeout(r, 250));

    // only admins
    for (const token of [anna, boris, await t.login('olga@demo.test')]) {
      expect((await t.graphql(DISABLE, { i: { disabledKinds: ['timeline'] } }, token)).errors?.[0].extensions?.['code']).toBe('FORBIDDEN');
    }
    expect((await t.graphql(DISABLE, { i: { disabledKinds: ['client-basics'] } }, admin)).errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'disabledKinds' });
    expect((await t.graphql(DISABLE, { i: { disabledKinds: ['nope'] } }, admin)).errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'disabledKinds' });

    const off = await t.graphql(DISABLE, { i: { disabledKinds: ['timeline', 'timeline'] } }, admin);
    expect(off.data!['setSidePanelWidgetsDisabled'].disabledKinds).toEqual(['timeline']);
    const end = Date.now() + 5000;
    while (!seen.length && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
    // anna's own order stays, without the disabled widget
    expect(seen[0]).toEqual({ widgets: [{ kind: 'client-basics', hidden: false, collapsed: false }, { kind: 'owner-tags', hidden: false, collapsed: true }, { kind: 'conversation', hidden: false, collapsed: false }, { kind: 'notes', hidden: false, collapsed: false }, { kind: 'tasks', hidden: false, collapsed: false }, { kind: 'visit', hidden: false, collapsed: false }, { kind: 'summary', hidden: false, collapsed: false }, { kind: 'products', hidden: false, collapsed: false }, { kind: 'orders', hidden: false, collapsed: false }, { kind: 'cart', hidden: false, collapsed: false }], disabledKinds: ['timeline'] });
    expect(kinds((await t.graphql(LAYOUT, {}, boris)).data!['sidePanelLayout'])).not.toContain('timeline');
    // boris saving a layout that names it does not bring it back (and is no error: his order is kept for when it returns)
    expect((await t.graphql(SAVE, { i: { widgets: [{ kind: 'timeline' }, { kind: 'conversation' }] } }, boris)).data!['saveSidePanelLayout'].widgets.map((w: any) => w.kind)).toEqual(['client-basics', 'conversation', 'owner-tags', 'notes', 'tasks', 'visit', 'summary', 'products', 'orders', 'cart']);

    const [entry] = await t.db.query(`SELECT actor_name, details FROM audit_log WHERE action = 'workspace.side_panel_widgets_changed' ORDER BY created_at DESC LIMIT 1`);
    expect(entry).toMatchObject({ details: { disabled: ['timeline'], enabled: [] } });
    // the same list again: no change, no second entry
    await t.graphql(DISABLE, { i: { disabledKinds: ['timeline'] } }, admin);
    expect((await t.db.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'workspace.side_panel_widgets_changed'`))[0].n).toBe(1);

    await t.graphql(DISABLE, { i: { disabledKinds: [] } }, admin);
    expect(kinds((await t.graphql(LAYOUT, {}, boris)).data!['sidePanelLayout'])).toEqual(['client-basics', 'timeline', 'conversation', 'owner-tags', 'notes', 'tasks', 'visit', 'summary', 'products', 'orders', 'cart']);
    const until = Date.now() + 5000;
    while (seen.length < 2 && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    expect(seen[1].disabledKinds).toEqual([]);
    expect(seen[1].widgets.map((w: any) => w.kind)).toEqual(['client-basics', 'timeline', 'owner-tags', 'conversation', 'notes', 'tasks', 'visit', 'summary', 'products', 'orders', 'cart']);
    // another operator's own save reaches only their own subscriptions
    await t.graphql(SAVE, { i: { widgets: [] } }, boris);
    await new Promise((r) => setTimeout(r, 300));
    expect(seen).toHaveLength(2);
    await sub.client.dispose();
  });
});
