import { FormControl } from '@angular/forms';
import { ErrorCode } from '@parley/shared/contracts';
import { GraphqlRequestError } from '@parley/web/shared/util';
import {
  colorValidator,
  directLink,
  embedCode,
  errorMessage,
  httpsOrEmptyValidator,
  ownerOptions,
  serverFieldErrors,
  tagNameValidator,
  tagSuggestions,
  toFormValue,
  toInput,
  toPreviewSettings,
  WebchatChannel,
} from './webchat-form';

const channel = (): WebchatChannel => ({
  id: 'c1',
  name: 'Website chat',
  type: 'webchat',
  publicKey: 'demo-webchat',
  active: true,
  webchat: {
    version: 1,
    botEnabled: false,
    botScenarioId: null,
    companyName: 'Demo Shop',
    avatarUrl: '',
    defaultLanguage: 'en',
    texts: [
      { language: 'en', header: 'We reply fast', welcome: 'Hello' },
      { language: 'pl', header: 'Szybko', welcome: 'Cześć' },
    ],
    inputPlaceholder: 'Type…',
    colors: { header: '#3b5bdb', launcher: '#3b5bdb', operatorBubble: '#ffffff', visitorBubble: '#3b5bdb', text: '#1f2937' },
    radius: 14,
    launcherIcon: 'chat',
    launcherShape: 'circle',
    hideLauncher: false,
    position: 'right',
    showOperatorIdentity: false,
    acquisition: { tag: 'Web chat lead', ownerId: 'op-boris' },
  },
});

describe('web chat settings form', () => {
  it('maps the channel to the form and the form to the mutation input', () => {
    const v = toFormValue(channel());
    expect(v).not.toHaveProperty('version');
    v.name = '  Shop chat ';
    v.companyName = ' Acme ';
    v.radius = '8' as unknown as number; // number inputs can hand over strings
    const input = toInput('c1', v);
    expect(input).toMatchObject({ id: 'c1', name: 'Shop chat', active: true, settings: { companyName: 'Acme', radius: 8, texts: [{ language: 'en' }, { language: 'pl' }] } });
    expect(input['settings']).not.toHaveProperty('name');
    expect(() => toFormValue({ ...channel(), webchat: null })).toThrow();
  });

  it('builds the preview settings from the form as typed', () => {
    const v = toFormValue(channel());
    v.colors.header = '#aa0000';
    v.companyName = '';
    v.texts[0].welcome = 'New welcome';
    const s = toPreviewSettings(v);
    expect(s).toMatchObject({ title: 'Website chat', welcomeMessage: 'New welcome', color: '#aa0000', colors: { header: '#aa0000' }, texts: { pl: { welcome: 'Cześć' } } });
  });

  it('checks colours and the avatar URL like the API does', () => {
    for (const ok of ['#abc', '#A1B2C3']) expect(colorValidator(new FormControl(ok))).toBeNull();
    for (const bad of ['red', '#abcd', '#1234567', 'rgb(1,2,3)', '']) expect(colorValidator(new FormControl(bad))).toEqual({ color: expect.stringContaining('#1a2b3c') });
    expect(httpsOrEmptyValidator(new FormControl(''))).toBeNull();
    expect(httpsOrEmptyValidator(new FormControl('https://cdn.example.com/a.png'))).toBeNull();
    for (const bad of ['http://cdn.example.com/a.png', 'javascript:alert(1)', 'not a url']) expect(httpsOrEmptyValidator(new FormControl(bad))).toEqual({ https: expect.any(String) });
    expect(errorMessage({ maxlength: { requiredLength: 100, actualLength: 101 } })).toBe('At most 100 characters');
    expect(errorMessage({ max: { max: 24 } })).toBe('From 0 to 24 px');
    expect(errorMessage({ server: 'Unknown language code "xx"', required: true })).toBe('Unknown language code "xx"');
    expect(errorMessage(null)).toBe('');
  });

  it('maps BAD_USER_INPUT field errors from the server to form paths', () => {
    const e = new GraphqlRequestError(ErrorCode.BadUserInput, 'bad', [
      { message: 'bad', extensions: { code: 'BAD_USER_INPUT', field: 'colors.header', fieldErrors: [{ field: 'colors.header', message: 'Use a colour' }, { field: 'texts.1.language', message: 'Unknown language code "xx"' }] } },
    ]);
    expect(serverFieldErrors(e)).toEqual({ 'colors.header': 'Use a colour', 'texts.1.language': 'Unknown language code "xx"' });
    expect(serverFieldErrors(new GraphqlRequestError(ErrorCode.Forbidden, 'no'))).toEqual({});
    expect(serverFieldErrors(new Error('x'))).toEqual({});
  });

  describe('contacts from this chat (SPEC C6)', () => {
    it('maps tag and owner both ways: the tag trimmed, no owner as null; older channels without the section read as none', () => {
      const v = toFormValue(channel());
      expect(v.acquisition).toEqual({ tag: 'Web chat lead', ownerId: 'op-boris' });
      v.acquisition = { tag: '  New   lead ', ownerId: '' as unknown as null };
      expect(toInput('c1', v)['settings']).toMatchObject({ acquisition: { tag: 'New lead', ownerId: null } });
      const older = channel();
      delete (older.webchat as Record<string, unknown>)['acquisition'];
      expect(toFormValue(older).acquisition).toEqual({ tag: '', ownerId: null });
    });

    it('checks the tag length like the API (empty allowed: no tag)', () => {
      expect(tagNameValidator(new FormControl(''))).toBeNull();
      expect(tagNameValidator(new FormControl(`  ${'x'.repeat(40)}  `))).toBeNull();
      expect(tagNameValidator(new FormControl('x'.repeat(41)))).toEqual({ tag: 'A tag name can be at most 40 characters' });
      expect(errorMessage(tagNameValidator(new FormControl('y'.repeat(50))))).toBe('A tag name can be at most 40 characters');
    });

    it('offers active operators by name with their e-mail, and keeps a deactivated current owner visible', () => {
      const ops = [
        { id: 'b', displayName: 'Boris', email: 'boris@demo.test', active: true },
        { id: 'g', displayName: 'Gone', email: 'gone@demo.test', active: false },
        { id: 'a', displayName: 'Anna', email: 'anna@demo.test', active: true },
      ];
      expect(ownerOptions(ops, null).map((o) => o.label)).toEqual(['Anna — anna@demo.test', 'Boris — boris@demo.test']);
      expect(ownerOptions(ops, 'g').map((o) => o.id)).toEqual(['a', 'b', 'g']);
      expect(ownerOptions(ops, 'g')[2].label).toBe('Gone — gone@demo.test (deactivated)');
      // observers handle no chats: never offered as owners (issue #17)
      expect(ownerOptions([...ops, { id: 'o', displayName: 'Olga', email: 'olga@demo.test', active: true, role: 'observer' }], null).map((o) => o.id)).toEqual(['a', 'b']);
    });

    it('suggests catalog tags containing what was typed', () => {
      const tags = [{ name: 'VIP' }, { name: 'Web chat lead' }, { name: 'Lead magnet' }];
      expect(tagSuggestions(tags, ' LEAD')).toEqual(['Web chat lead', 'Lead magnet']);
      expect(tagSuggestions(tags, '')).toHaveLength(3);
      expect(tagSuggestions(tags, 'zzz')).toEqual([]);
    });

    it('puts server errors of the section on its fields', () => {
      const e = new GraphqlRequestError(ErrorCode.BadUserInput, 'bad', [
        { message: 'bad', extensions: { code: 'BAD_USER_INPUT', fieldErrors: [{ field: 'acquisition.ownerId', message: 'Gone Agent is deactivated; choose an active operator' }] } },
      ]);
      expect(serverFieldErrors(e)).toEqual({ 'acquisition.ownerId': 'Gone Agent is deactivated; choose an active operator' });
    });
  });

  it('builds the embed code and the direct link', () => {
    expect(embedCode('https://chat.example.com', 'demo-webchat')).toBe('<script async src="https://chat.example.com/widget.js" data-channel="demo-webchat"></script>');
    expect(directLink('https://chat.example.com', 'demo-webchat')).toBe('https://chat.example.com/chat/demo-webchat');
  });
});
