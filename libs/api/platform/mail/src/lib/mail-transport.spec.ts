import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { escapeHtml, headerSafe, isEmail } from './mail-message';
import { OutboxMailTransport } from './mail-transport';

describe('mail without SMTP (outbox)', () => {
  it('writes each message as a real MIME .eml file into the outbox folder', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-outbox-'));
    const t = new OutboxMailTransport(path.join(dir, 'mail-outbox'));
    await t.send({ from: 'Parley <noreply@parley.local>', to: ['a@x.test', 'b@x.test'], subject: 'Join Acme', text: 'Open https://parley.test/invite/abc' });
    await t.send({ from: 'noreply@parley.local', to: 'c@x.test', subject: 'Second', text: 'two' });
    t.close();
    const files = fs.readdirSync(path.join(dir, 'mail-outbox')).sort();
    expect(files).toHaveLength(2);
    expect(files.every((f) => f.endsWith('.eml'))).toBe(true);
    const raw = fs.readFileSync(path.join(dir, 'mail-outbox', files.find((f: string) => fs.readFileSync(path.join(dir, 'mail-outbox', f), 'utf8').includes('Join Acme')) as string), 'utf8');
    expect(raw).toMatch(/^To: a@x\.test, b@x\.test$/m);
    expect(raw).toMatch(/^Subject: Join Acme$/m);
    expect(raw).toContain('https://parley.test/invite/abc');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('keeps customer text out of markup and headers', () => {
    expect(escapeHtml(`<script>alert("x")</script> & 'y'`)).toBe('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;');
    expect(headerSafe('Hello\r\nBcc: evil@x.test')).toBe('Hello Bcc: evil@x.test');
    expect(isEmail('ola@client.test')).toBe(true);
    expect(isEmail('ola@client.test\r\nBcc: x@y.z')).toBe(false);
    expect(isEmail('no-at-sign')).toBe(false);
  });
});
