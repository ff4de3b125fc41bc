import { readAcquisition, readWebchatSettings, toStoredSettings, validateAcquisition, validatePreChat, validateWebchatPatch, WebchatSettingsPatch, widgetSettings } from './webchat-settings';

const valid = (): WebchatSettingsPatch => ({
  botEnabled: false,
  companyName: 'Demo Shop',
  avatarUrl: '',
  defaultLanguage: 'en',
  texts: [
    { language: 'en', header: 'We reply fast', welcome: 'Hello' },
    { language: 'pl', header: 'Odpowiadamy szybko', welcome: 'Dzień dobry' },
  ],
  inputPlaceholder: 'Type…',
  colors: { header: '#112233', launcher: '#abc', operatorBubble: '#ffffff', visitorBubble: '#112233', text: '#111111' },
  radius: 8,
  launcherIcon: 'question',
  launcherShape: 'rounded',
  hideLauncher: false,
  position: 'left',
  showOperatorIdentity: true,
});

describe('widgetSettings', () => {
  it('reads the older stored shape (title, welcomeMessage, color)', () => {
    expect(widgetSettings('Shop', { title: 'Demo Shop', color: '#112233', position: 'left', welcomeMessage: 'Hello' })).toMatchObject({
      channelName: 'Shop', title: 'Demo Shop', welcomeMessage: 'Hello', inputPlaceholder: 'Type your message…', color: '#112233', position: 'left',
      texts: { en: { welcome: 'Hello' } }, defaultLanguage: 'en', colors: { header: '#112233', launcher: '#112233' }, radius: 14,
    });
  });

  it('falls back on malformed values instead of passing them to the widget', () => {
    const s = widgetSettings('Shop', { color: 'red;background:url(x)', position: 'middle', title: 42, welcomeMessage: '   ', radius: 99, launcherIcon: '<svg>', avatarUrl: 'javascript:alert(1)', colors: { text: 'url(x)' }, texts: { xx: { welcome: 'bad' } } });
    expect(s.color).toBe('#3b5bdb');
    expect(s.position).toBe('right');
    expect(s.title).toBe('Shop');
    expect(s.welcomeMessage).toMatch(/help/);
    expect(s.radius).toBe(14);
    expect(s.launcherIcon).toBe('chat');
    expect(s.avatarUrl).toBe('');
    expect(s.colors?.text).toBe('#1f2937');
    expect(Object.keys(s.texts ?? {})).toEqual(['en']);
  });

  it('round-trips a saved patch', () => {
    const stored = toStoredSettings(valid());
    expect(stored.version).toBe(1);
    const s = widgetSettings('Shop', JSON.parse(JSON.stringify(stored)));
    expect(s).toMatchObject({ title: 'Demo Shop', welcomeMessage: 'Hello', launcherShape: 'rounded', launcherIcon: 'question', radius: 8, position: 'left', showOperatorIdentity: true });
    expect(s.texts?.['pl']).toEqual({ header: 'Odpowiadamy szybko', welcome: 'Dzień dobry' });
    expect(readWebchatSettings(stored).colors.launcher).toBe('#abc');
  });
});

describe('validateWebchatPatch', () => {
  it('accepts a valid patch', () => {
    expect(validateWebchatPatch({ ...valid(), name: 'Website' })).toEqual([]);
  });

  it('names every bad field', () => {
    const p = valid();
    p.colors.header = 'red';
    p.colors.text = '#12345';
    p.avatarUrl = 'http://example.com/a.png';
    p.radius = 25;
    p.launcherIcon = 'rocket' as never;
    p.texts[1].language = 'xx';
    p.texts[0].welcome = 'x'.repeat(1001);
    const fields = validateWebchatPatch({ ...p, name: ' ' }).map((e) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['name', 'colors.header', 'colors.text', 'avatarUrl', 'radius', 'launcherIcon', 'texts.1.language', 'texts.0.welcome']));
  });

  it('needs the default language among the texts, each language once', () => {
    const p = valid();
    p.defaultLanguage = 'de';
    p.texts[1].language = 'en';
    const errors = validateWebchatPatch(p);
    expect(errors.map((e) => e.field)).toEqual(expect.arrayContaining(['defaultLanguage', 'texts.1.language']));
    expect(validateWebchatPatch({ ...valid(), texts: [] }).map((e) => e.field)).toContain('texts');
  });
});

describe('pre-chat and display rules settings', () => {
  const rule = { domains: ['Shop.example.com'], urlContains: ' /sale ', urlNotContains: '', urlPattern: '', countries: ['PL'], action: 'teaser' as const, teaserText: ' Hi ', openAfterSeconds: 0 };

  it('validates the pre-chat fields', () => {
    expect(validatePreChat({ enabled: true, skipKnownContacts: true, fields: [{ field: 'email', required: true }] })).toEqual([]);
    expect(validatePreChat({ enabled: true, skipKnownContacts: 'no', fields: [{ field: 'email', required: true }, { field: 'email', required: false }, { field: 'age', required: true }] }).map((e) => e.field)).toEqual([
      'preChat.skipKnownContacts',
      'preChat.fields.1.field',
      'preChat.fields.2.field',
    ]);
    expect(validatePreChat({ enabled: true, skipKnownContacts: true, fields: [] })[0].field).toBe('preChat.fields');
  });

  it('keeps stored pre-chat and rules when a save omits them, and normalises what it stores', () => {
    const previous = readWebchatSettings({ preChat: { enabled: true, skipKnownContacts: false, fields: [{ field: 'name', required: true }] }, displayRules: { hideOnMobile: true, defaultAction: 'show', rules: [rule] } });
    expect(previous.displayRules.rules[0]).toMatchObject({ domains: ['shop.example.com'], urlContains: '/sale', teaserText: 'Hi' });
    const kept = toStoredSettings(valid(), previous);
    expect(kept.preChat).toEqual(previous.preChat);
    expect(kept.displayRules).toEqual(previous.displayRules);
    const replaced = toStoredSettings({ ...valid(), displayRules: { hideOnMobile: false, defaultAction: 'hide', rules: [] } }, previous);
    expect(replaced.displayRules).toEqual({ hideOnMobile: false, defaultAction: 'hide', rules: [] });
    expect(widgetSettings('Chat', replaced).displayRules?.defaultAction).toBe('hide');
  });

  it('reads malformed stored rules as "always show" and drops unknown pre-chat fields', () => {
    expect(readWebchatSettings({ displayRules: { hideOnMobile: true, defaultAction: 'hide', rules: [{ ...rule, action: 'explode' }] } }).displayRules).toEqual({ hideOnMobile: false, defaultAction: 'show', rules: [] });
    expect(readWebchatSettings({ preChat: { enabled: true, fields: [{ field: 'ssn' }, { field: 'phone', required: true }, { field: 'phone' }] } }).preChat).toEqual({ enabled: true, skipKnownContacts: true, fields: [{ field: 'phone', required: true }] });
  });
});

describe('contact acquisition settings (SPEC C6)', () => {
  const owner = '6f1c1c1e-9a1b-4c4d-8e8f-000000000001';
  const tag = '6f1c1c1e-9a1b-4c4d-8e8f-000000000002';

  it('validates the tag (empty = none, at most 40 characters once trimmed) and the owner id', () => {
    expect(validateAcquisition({ tag: '', ownerId: null })).toEqual([]);
    expect(validateAcquisition({ tag: `  ${'x'.repeat(40)} `, ownerId: owner })).toEqual([]);
    expect(validateAcquisition({ tag: 'x'.repeat(41), ownerId: 'nobody' })).toEqual([
      { field: 'acquisition.tag', message: 'A tag name can be at most 40 characters' },
      { field: 'acquisition.ownerId', message: 'Choose an operator of this workspace' },
    ]);
    expect(validateAcquisition({ tag: 7 })[0].field).toBe('acquisition.tag');
    expect(validateAcquisition('x')[0].field).toBe('acquisition');
    expect(validateWebchatPatch({ ...valid(), acquisition: { tag: 'y'.repeat(50), ownerId: null } }).map((e) => e.field)).toEqual(['acquisition.tag']);
  });

  it('reads stored settings defensively and keeps them when a save omits the section', () => {
    expect(readAcquisition({ tagId: tag, tagName: ' Lead ', ownerId: owner })).toEqual({ tagId: tag, tagName: 'Lead', ownerId: owner });
    expect(readAcquisition({ tagId: 'not-a-uuid', tagName: 'Lead', ownerId: 42 })).toEqual({ tagId: null, tagName: '', ownerId: null });
    expect(readAcquisition(null)).toEqual({ tagId: null, tagName: '', ownerId: null });
    const previous = readWebchatSettings({ acquisition: { tagId: tag, tagName: 'Lead', ownerId: owner } });
    expect(toStoredSettings(valid(), previous).acquisition).toEqual({ tagId: tag, tagName: 'Lead', ownerId: owner });
    expect(toStoredSettings(valid(), previous, { tagId: null, tagName: '', ownerId: null }).acquisition).toEqual({ tagId: null, tagName: '', ownerId: null });
    // never sent to the widget
    expect(widgetSettings('Chat', previous)).not.toHaveProperty('acquisition');
  });
});
