import { formValues, settingsFromForm, SettingsField, shownFields } from './channel-connection-form';

const field = (key: string, type: string, required = false): SettingsField => ({ key, label: key, type, required, options: [] });
const fields = [field('imap.host', 'text', true), field('imap.port', 'number', true), field('imap.password', 'secret', true), field('imap.secure', 'boolean'), field('fromName', 'text')];

describe('channel connection form (issue #10)', () => {
  it('reads dotted keys from the stored settings; secrets start empty', () => {
    expect(formValues(fields, { imap: { host: 'mail.shop.test', port: 993, secure: true }, fromName: 'Shop' })).toEqual({
      'imap.host': 'mail.shop.test',
      'imap.port': '993',
      'imap.password': '',
      'imap.secure': true,
      fromName: 'Shop',
    });
    expect(formValues(fields, {})).toEqual({ 'imap.host': '', 'imap.port': '', 'imap.password': '', 'imap.secure': false, fromName: '' });
  });

  it('lays the values over the stored settings, keeping keys no field shows and a stored secret left empty', () => {
    const stored = { imap: { host: 'old', port: 143, folder: 'INBOX' }, webhookSecret: 'kept', fromName: 'Old' };
    const r = settingsFromForm(fields, { 'imap.host': ' mail.shop.test ', 'imap.port': '993', 'imap.password': '', 'imap.secure': true, fromName: '' }, stored, ['imap.password']);
    expect(r).toEqual({ settings: { imap: { host: 'mail.shop.test', port: 993, folder: 'INBOX', secure: true }, webhookSecret: 'kept' } });
    // the stored settings are not changed in place
    expect(stored.imap.host).toBe('old');
  });

  it('sends a typed secret as typed', () => {
    const r = settingsFromForm(fields, { 'imap.host': 'h', 'imap.port': '1', 'imap.password': ' p w ', 'imap.secure': false, fromName: '' }, {}, []);
    expect(r).toEqual({ settings: { imap: { host: 'h', port: 1, password: ' p w ', secure: false } } });
  });

  it('names empty required fields and numbers that are not numbers; a stored secret is not required again', () => {
    expect(settingsFromForm(fields, { 'imap.host': '  ', 'imap.port': 'ten', 'imap.password': '', 'imap.secure': false }, {}, [])).toEqual({
      errors: { 'imap.host': 'imap.host is required', 'imap.port': 'imap.port must be a number', 'imap.password': 'imap.password is required' },
    });
    expect(settingsFromForm(fields, { 'imap.host': 'h', 'imap.port': '1', 'imap.password': '' }, {}, ['imap.password'])).toEqual({ settings: { imap: { host: 'h', port: 1, secure: false } } });
  });

  it('shows a mode\'s fields only in that mode; an unset mode is its first option; an unknown one hides them', () => {
    const mode: SettingsField = { ...field('inbound', 'select'), options: [{ value: 'imap', label: 'IMAP' }, { value: 'forwarding', label: 'Forwarding' }] };
    const form = [mode, { ...field('imap.host', 'text', true), shownWhen: { key: 'inbound', values: ['imap'] } }, field('fromName', 'text')];
    const keys = (values: Record<string, string>) => shownFields(form, values).map((f) => f.key);
    expect(keys({ inbound: 'imap' })).toEqual(['inbound', 'imap.host', 'fromName']);
    expect(keys({ inbound: '' })).toEqual(['inbound', 'imap.host', 'fromName']);
    expect(keys({ inbound: 'forwarding' })).toEqual(['inbound', 'fromName']);
    expect(keys({ inbound: 'carrier-pigeon' })).toEqual(['inbound', 'fromName']);
    // a hidden required field is not asked for
    expect(settingsFromForm(shownFields(form, { inbound: 'forwarding' }), { inbound: 'forwarding', 'imap.host': '', fromName: '' }, {}, [])).toEqual({ settings: { inbound: 'forwarding' } });
  });
});
