import { AppConfig } from '@parley/api/platform/config';
import { ChannelSecrets, isSealed } from './channel-secrets';
import { fitBody, normaliseEmail, normalisePhone, withInlineImages } from '../inbound/channel-inbound.service';

const secrets = (key = 'k'.repeat(40)) => new ChannelSecrets({ channelSecretsKey: key } as AppConfig);

describe('ChannelSecrets (issue #10)', () => {
  it('seals with a fresh IV each time and opens what it sealed; another key cannot open it', () => {
    const s = secrets();
    const a = s.seal('bot-token-123');
    const b = s.seal('bot-token-123');
    expect(a.$sealed).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(a.$sealed).not.toBe(b.$sealed);
    expect(a.$sealed).not.toContain('bot-token');
    expect(s.unseal(a)).toBe('bot-token-123');
    expect(() => secrets('z'.repeat(40)).unseal(a)).toThrow();
    expect(() => s.unseal({ $sealed: 'v0.a.b.c' })).toThrow('not in a known format');
    // a tampered ciphertext is refused, never decoded to garbage
    const parts = a.$sealed.split('.');
    parts[3] = Buffer.from('tampered').toString('base64url');
    expect(() => s.unseal({ $sealed: parts.join('.') })).toThrow();
  });

  it('sealInto seals given secrets at nested paths and keeps stored ones for secrets left empty or absent', () => {
    const s = secrets();
    const first = s.sealInto({ imap: { host: 'mail', password: 'p1' }, token: 't1' }, null, ['imap.password', 'token']);
    expect(isSealed((first['imap'] as Record<string, unknown>)['password'])).toBe(true);
    expect(s.open(first)).toEqual({ imap: { host: 'mail', password: 'p1' }, token: 't1' });
    const second = s.sealInto({ imap: { host: 'mail2', password: '' } }, first, ['imap.password', 'token']);
    expect(s.open(second)).toEqual({ imap: { host: 'mail2', password: 'p1' }, token: 't1' });
    const third = s.sealInto({ imap: { host: 'mail2', password: 'p2' } }, second, ['imap.password', 'token']);
    expect(s.open(third)).toEqual({ imap: { host: 'mail2', password: 'p2' }, token: 't1' });
    // nothing stored and nothing given: the secret stays unset
    expect(s.open(s.sealInto({}, null, ['token']))).toEqual({});
  });

  it('redact removes every secret (also sealed values no field names) and says which are set', () => {
    const s = secrets();
    const stored = { ...s.sealInto({ token: 't', label: 'x', imap: { password: 'p', user: 'u' } }, null, ['token', 'imap.password']), old: s.seal('legacy') };
    expect(s.redact(stored, ['token', 'imap.password', 'smtp.password'])).toEqual({ settings: { label: 'x', imap: { user: 'u' } }, secretsSet: ['token', 'imap.password'] });
    expect(JSON.stringify(s.redact(stored, []))).not.toContain('$sealed');
  });
});

describe('inline images of an inbound e-mail (issue #10)', () => {
  it('points cid: images at the stored parts by Content-ID (any case, <> or %-encoded), and leaves unknown ones', () => {
    const inline = new Map([['logo@shop.test', '11111111-1111-4111-8111-111111111111'], ['a b@x', '22222222-2222-4222-8222-222222222222']]);
    const html = '<img src="cid:Logo@Shop.test"><img src=\'cid:a%20b@x\'><img src="cid:missing@x"><p>cid: in text</p>';
    expect(withInlineImages(html, inline)).toBe(
      '<img src="parley-attachment:11111111-1111-4111-8111-111111111111"><img src=\'parley-attachment:22222222-2222-4222-8222-222222222222\'><img src="cid:missing@x"><p>cid: in text</p>',
    );
    expect(withInlineImages(html, new Map())).toBe(html);
  });
});

describe('inbound sender normalisation (issue #10)', () => {
  it('e-mail: trimmed and lower-cased, plus-addressing kept; not an address → null', () => {
    expect(normaliseEmail('  Kate+Orders@Shop.TEST ')).toBe('kate+orders@shop.test');
    expect(normaliseEmail('not an address')).toBeNull();
    expect(normaliseEmail('a@b')).toBeNull();
    expect(normaliseEmail(42)).toBeNull();
    expect(normaliseEmail('x'.repeat(400) + '@a.b')).toBeNull();
  });

  it('phone: E.164 from international forms; invalid or national-without-country → null', () => {
    expect(normalisePhone('+48 601 234 567')).toBe('+48601234567');
    expect(normalisePhone('0048601234567')).toBe('+48601234567');
    expect(normalisePhone('48601234567')).toBe('+48601234567');
    expect(normalisePhone('12')).toBeNull();
    expect(normalisePhone('call me')).toBeNull();
    expect(normalisePhone(null)).toBeNull();
  });

  it('fitBody cuts long text to the message limit with an ellipsis and falls back for blank text', () => {
    expect(fitBody('  hi\r\nthere  ', 'x')).toBe('hi\nthere');
    expect([...fitBody('é'.repeat(5000), 'x')]).toHaveLength(4000);
    expect(fitBody(' \u0000 ', '(no text)')).toBe('(no text)');
  });
});
