import { ErrorCode } from '@parley/shared/contracts';
import { collect, TestApp } from '../testing/test-app';

const SETTINGS_FIELDS = `version botEnabled companyName avatarUrl defaultLanguage texts { language header welcome } inputPlaceholder
  colors { header launcher operatorBubble visitorBubble text } radius launcherIcon launcherShape hideLauncher position showOperatorIdentity`;
const CHANNELS = `query { channels { id name publicKey active type webchat { ${SETTINGS_FIELDS} } } }`;
const CHANNEL = `query($id: ID!) { channel(id: $id) { id name active webchat { ${SETTINGS_FIELDS} } } }`;
const UPDATE = `mutation($i: UpdateWebchatChannelInput!) { updateWebchatChannel(input: $i) { id name active webchat { ${SETTINGS_FIELDS} } } }`;

function input(id: string, over: Record<string, unknown> = {}, settings: Record<string, unknown> = {}) {
  return {
    id,
    name: 'Website chat',
    active: true,
    ...over,
    settings: {
      botEnabled: false,
      companyName: 'Acme <b>Support</b>',
      avatarUrl: 'https://cdn.example.com/a.png',
      defaultLanguage: 'en',
      texts: [
        { language: 'en', header: 'We reply fast', welcome: 'Hello from Acme' },
        { language: 'pl', header: 'Odpowiadamy szybko', welcome: 'Dzień dobry' },
      ],
      inputPlaceholder: 'Ask us…',
      colors: { header: '#aa0000', launcher: '#00aa00', operatorBubble: '#fff', visitorBubble: '#0000aa', text: '#111111' },
      radius: 6,
      launcherIcon: 'headset',
      launcherShape: 'rounded',
      hideLauncher: false,
      position: 'left',
      showOperatorIdentity: true,
      ...settings,
    },
  };
}

describe('web chat channel settings (integration)', () => {
  let t: TestApp;
  let admin: string;
  let channelId: string;
  beforeAll(async () => {
    t = await TestApp.start();
    admin = await t.login('admin@demo.test');
    const r = await t.graphql(CHANNELS, {}, admin);
    channelId = r.data?.['channels'].find((c: { publicKey: string }) => c.publicKey === 'demo-webchat').id;
  });
  afterAll(async () => t?.stop());

  it('every signed-in role reads the typed settings (the seeded ones read as version 1)', async () => {
    for (const email of ['admin@demo.test', 'anna@demo.test', 'olga@demo.test']) {
      const r = await t.graphql(CHANNEL, { id: channelId }, await t.login(email));
      expect(r.errors).toBeUndefined();
      expect(r.data?.['channel']).toMatchObject({
        name: 'Website chat',
        active: true,
        webchat: { version: 1, companyName: 'Demo Shop', defaultLanguage: 'en', colors: { header: '#3b5bdb' }, position: 'right', radius: 14, launcherIcon: 'chat' },
      });
    }
    expect((await t.graphql(CHANNEL, { id: channelId })).errors?.[0].extensions?.['code']).toBe(ErrorCode.Unauthenticated);
  });

  it('an unknown channel id is NOT_FOUND, a malformed one BAD_USER_INPUT at the edge (issue #16)', async () => {
    const unknown = '00000000-0000-4000-8000-000000000000';
    expect((await t.graphql(CHANNEL, { id: unknown }, admin)).errors?.[0].extensions?.['code']).toBe(ErrorCode.NotFound);
    expect((await t.graphql(UPDATE, { i: input(unknown) }, admin)).errors?.[0].extensions?.['code']).toBe(ErrorCode.NotFound);
    for (const res of [await t.graphql(CHANNEL, { id: 'nope' }, admin), await t.graphql(UPDATE, { i: input('nope') }, admin)]) {
      expect(res.errors?.[0].extensions?.['code']).toBe(ErrorCode.BadUserInput);
      expect(res.errors?.[0].message).toMatch(/must be a UUID/);
    }
  });

  it('agents and observers may not change settings', async () => {
    for (const email of ['anna@demo.test', 'olga@demo.test']) {
      const r = await t.graphql(UPDATE, { i: input(channelId, { name: 'Hacked' }) }, await t.login(email));
      expect(r.errors?.[0].extensions?.['code']).toBe(ErrorCode.Forbidden);
    }
    const r = await t.graphql(CHANNEL, { id: channelId }, admin);
    expect(r.data?.['channel'].name).toBe('Website chat');
  });

  it.each([
    ['colors.header', {}, { colors: { header: 'red', launcher: '#00aa00', operatorBubble: '#fff', visitorBubble: '#0000aa', text: '#111111' } }],
    ['colors.text', {}, { colors: { header: '#aa0000', launcher: '#00aa00', operatorBubble: '#fff', visitorBubble: '#0000aa', text: '#1234' } }],
    ['texts.0.welcome', {}, { texts: [{ language: 'en', header: 'h', welcome: 'x'.repeat(1001) }] }],
    ['texts.1.language', {}, { texts: [{ language: 'en', header: 'h', welcome: 'w' }, { language: 'klingon', header: 'h', welcome: 'w' }] }],
    ['avatarUrl', {}, { avatarUrl: 'http://cdn.example.com/a.png' }],
    ['avatarUrl', {}, { avatarUrl: 'javascript:alert(1)' }],
    ['radius', {}, { radius: 25 }],
    ['launcherIcon', {}, { launcherIcon: 'rocket' }],
    ['position', {}, { position: 'middle' }],
    ['name', { name: '   ' }, {}],
    ['companyName', {}, { companyName: 'x'.repeat(101) }],
  ])('rejects a bad %s with BAD_USER_INPUT naming the field', async (field, over, settings) => {
    const r = await t.graphql(UPDATE, { i: input(channelId, over, settings) }, admin);
    expect(r.errors?.[0].extensions).toMatchObject({ code: ErrorCode.BadUserInput, field });
    expect(r.errors?.[0].message).toContain(field);
  });

  it('an admin saves: stored with a version, returned, and pushed to a connected widget and other operators', async () => {
    const sub = t.subscriptions(await t.login('olga@demo.test'));
    const other = collect<any>(sub, `subscription { channelUpdated { id name webchat { companyName colors { header } } } }`, 1);
    await other.ready;
    const v = await t.visitor();
    await v.welcome();
    const r = await t.graphql(UPDATE, { i: input(channelId) }, admin);
    expect(r.errors).toBeUndefined();
    expect(r.data?.['updateWebchatChannel']).toMatchObject({
      name: 'Website chat',
      webchat: { version: 1, botEnabled: false, companyName: 'Acme <b>Support</b>', colors: { header: '#aa0000', operatorBubble: '#fff' }, radius: 6, launcherShape: 'rounded', showOperatorIdentity: true },
    });
    const [row] = await t.db.query(`SELECT settings FROM channels WHERE id = $1`, [channelId]);
    expect(row.settings).toMatchObject({ version: 1, texts: { en: { welcome: 'Hello from Acme' }, pl: { welcome: 'Dzień dobry' } }, launcherIcon: 'headset' });

    const frame = await v.waitFor((f) => f.type === 'settings');
    expect(frame.settings).toMatchObject({
      title: 'Acme <b>Support</b>', welcomeMessage: 'Hello from Acme', color: '#aa0000', position: 'left', radius: 6,
      colors: { launcher: '#00aa00' }, texts: { pl: { header: 'Odpowiadamy szybko' } }, launcherShape: 'rounded', showOperatorIdentity: true,
    });
    // a new widget gets them in its welcome
    const v2 = await t.visitor();
    expect((await v2.welcome()).settings).toMatchObject({ title: 'Acme <b>Support</b>', avatarUrl: 'https://cdn.example.com/a.png' });
    const [evt] = await other.done;
    expect(evt.channelUpdated).toEqual({ id: channelId, name: 'Website chat', webchat: { companyName: 'Acme <b>Support</b>', colors: { header: '#aa0000' } } });
    await sub.client.dispose();
    v.close();
    v2.close();
  });

  it('switching the channel off hides connected widgets and refuses new ones; the direct link says so', async () => {
    const v = await t.visitor();
    await v.welcome();
    const r = await t.graphql(UPDATE, { i: input(channelId, { active: false }) }, admin);
    expect(r.data?.['updateWebchatChannel'].active).toBe(false);
    expect(await v.waitFor((f) => f.type === 'error')).toMatchObject({ code: ErrorCode.ChannelInactive });
    const v2 = await t.visitor();
    expect(await v2.waitFor((f) => f.type === 'error')).toMatchObject({ code: ErrorCode.ChannelInactive });
    const page = await fetch(`${t.url}/chat/demo-webchat`);
    expect(page.status).toBe(503);
    expect(await page.text()).toContain('not available');
    await t.graphql(UPDATE, { i: input(channelId, { active: true }) }, admin);
  });

  it('serves the direct chat link: full-page widget, title escaped; unknown key is a friendly 404', async () => {
    const res = await fetch(`${t.url}/chat/demo-webchat`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await res.text();
    expect(html).toContain('<title>Acme &lt;b&gt;Support&lt;/b&gt;</title>');
    expect(html).toContain('<script async src="/widget.js" data-channel="demo-webchat" data-mode="page"></script>');

    for (const key of ['no-such-channel', '%3Cscript%3E']) {
      const missing = await fetch(`${t.url}/chat/${key}`);
      expect(missing.status).toBe(404);
      const body = await missing.text();
      expect(body).toContain('This chat does not exist');
      expect(body).not.toContain('<script');
    }
  });

  it('serves the preview page for the admin screen (same-origin frames only)', async () => {
    const res = await fetch(`${t.url}/preview/widget?channel=demo-webchat`);
    expect(res.status).toBe(200);
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(await res.text()).toContain('data-mode="preview"');
    const bad = await (await fetch(`${t.url}/preview/widget?channel=%22%3E%3Cscript%3E`)).text();
    expect(bad).toContain('data-channel="preview"');
  });
});
