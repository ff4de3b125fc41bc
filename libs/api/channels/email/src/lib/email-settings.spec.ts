import { replySubject } from './email.adapter';
import { EMAIL_SETTINGS_FIELDS, validateEmailSettings } from './email-settings';

const good = {
  address: ' Support@Shop.test ',
  fromName: 'Shop Support',
  imap: { host: 'imap.shop.test', port: 993, secure: true, user: 'support', password: 'imap-pw' },
  smtp: { host: 'smtp.shop.test', port: '587', secure: false, user: 'support', password: 'smtp-pw' },
};

describe('e-mail channel settings', () => {
  it('reads valid settings: address normalised, ports from text, pollSeconds defaulted', () => {
    const r = validateEmailSettings(good);
    expect(r).toEqual({
      ok: true,
      settings: {
        address: 'support@shop.test',
        fromName: 'Shop Support',
        inbound: 'imap',
        imap: { host: 'imap.shop.test', port: 993, secure: true, user: 'support', password: 'imap-pw' },
        outbound: 'smtp',
        smtp: { host: 'smtp.shop.test', port: 587, secure: false, user: 'support', password: 'smtp-pw' },
        pollSeconds: 60,
        importDays: 7,
      },
    });
  });

  it('forwarding needs no IMAP server, "through this server" no SMTP server; other modes are field errors', () => {
    const r = validateEmailSettings({ address: 'Help@Shop.test', inbound: 'forwarding', outbound: 'server', imap: { host: 'ignored!' } });
    expect(r).toEqual({ ok: true, settings: { address: 'help@shop.test', fromName: 'help', inbound: 'forwarding', imap: null, outbound: 'server', smtp: null, pollSeconds: 60, importDays: 7 } });
    // forwarding in, the mailbox's SMTP out: SMTP is still checked
    const half = validateEmailSettings({ address: 'help@shop.test', inbound: 'forwarding', smtp: { host: '' } });
    expect(!half.ok && half.errors.map((e) => e.field)).toEqual(['smtp.host']);
    const bad = validateEmailSettings({ address: 'help@shop.test', inbound: 'pigeon', outbound: 'fax', imap: { host: 'h', password: 'p' }, smtp: { host: 'h' } });
    expect(!bad.ok && bad.errors.map((e) => e.field)).toEqual(['inbound', 'outbound']);
  });

  it('defaults: IMAP user is the address, secure follows the standard TLS port, fromName the local part, SMTP without login', () => {
    const r = validateEmailSettings({ address: 'help@shop.test', imap: { host: 'mail.shop.test', password: 'x' }, smtp: { host: 'mail.shop.test', port: 25 } });
    expect(r.ok && r.settings).toMatchObject({ fromName: 'help', imap: { port: 993, secure: true, user: 'help@shop.test' }, smtp: { port: 25, secure: false, user: '', password: '' } });
    const withPw = validateEmailSettings({ ...good, smtp: { host: 'smtp.shop.test', port: 465, password: 'p' } });
    expect(withPw.ok && withPw.settings.smtp).toMatchObject({ user: 'support@shop.test', secure: true });
  });

  it('names every bad field by its dotted key', () => {
    const r = validateEmailSettings({ address: 'nope', fromName: 'x'.repeat(101), imap: { host: 'bad host!', port: 70000, secure: 'maybe' }, smtp: { host: '', user: 'u' }, pollSeconds: 5 });
    expect(r.ok).toBe(false);
    const fields = !r.ok ? r.errors.map((e) => e.field) : [];
    expect(fields).toEqual(['address', 'fromName', 'imap.host', 'imap.port', 'imap.secure', 'imap.password', 'smtp.host', 'smtp.password', 'pollSeconds']);
    expect(!r.ok && r.errors[0].message).toBe('Not an e-mail address');
    expect(validateEmailSettings(null)).toEqual({ ok: false, errors: [{ field: 'settings', message: 'Must be an object' }] });
    expect(validateEmailSettings([])).toMatchObject({ ok: false });
    const missing = validateEmailSettings({});
    expect(!missing.ok && missing.errors.map((e) => e.field)).toEqual(['address', 'imap.host', 'imap.password', 'smtp.host']);
    expect(!validateEmailSettings({ ...good, imap: 'imap.shop.test' }).ok).toBe(true);
    expect(validateEmailSettings({ ...good, pollSeconds: 3601 }).ok).toBe(false);
    expect(validateEmailSettings({ ...good, pollSeconds: '30' }).ok).toBe(true);
    // importDays: 0 (everything) to 3650, whole days
    expect(validateEmailSettings({ ...good, importDays: 0 })).toMatchObject({ ok: true, settings: { importDays: 0 } });
    expect(validateEmailSettings({ ...good, importDays: '30' })).toMatchObject({ ok: true, settings: { importDays: 30 } });
    for (const bad of [-1, 3651, 2.5, 'week', true]) expect(validateEmailSettings({ ...good, importDays: bad })).toEqual({ ok: false, errors: [{ field: 'importDays', message: 'From 0 (the whole mailbox) to 3650 days' }] });
  });

  it('the secret fields are the two passwords, keyed as dotted paths for ChannelSecrets', () => {
    expect(EMAIL_SETTINGS_FIELDS.filter((f) => f.type === 'secret').map((f) => f.key)).toEqual(['imap.password', 'smtp.password']);
    for (const f of EMAIL_SETTINGS_FIELDS) expect(f.key).toMatch(/^(address|fromName|pollSeconds|importDays|inbound|outbound|(imap|smtp)\.(host|port|secure|user|password))$/);
  });

  it('reply subjects: Re: once, prefixes of other languages and counters taken off, a fallback for none', () => {
    expect(replySubject('Order 42', 'x')).toBe('Re: Order 42');
    expect(replySubject('Re: Order 42', 'x')).toBe('Re: Order 42');
    expect(replySubject('RE: re: AW: Order 42', 'x')).toBe('Re: Order 42');
    expect(replySubject('Re[2]: Order', 'x')).toBe('Re: Order');
    expect(replySubject('Fwd: Order', 'x')).toBe('Re: Order');
    expect(replySubject('Regarding: Order', 'x')).toBe('Re: Regarding: Order');
    expect(replySubject(null, 'Your message')).toBe('Re: Your message');
    expect(replySubject('Bad\r\nBcc: x@y', 'x')).toBe('Re: Bad Bcc: x@y');
  });
});
