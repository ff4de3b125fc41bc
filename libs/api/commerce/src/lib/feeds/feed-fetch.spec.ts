import http from 'node:http';
import { AddressInfo } from 'node:net';
import { checkFeedUrl, isPrivateAddress, openFeedUrl } from './feed-fetch';

describe('feed fetch: no requests into private networks', () => {
  it('knows loopback, private, link-local and reserved addresses in every spelling', () => {
    for (const a of ['127.0.0.1', '127.255.0.9', '10.1.2.3', '172.16.0.1', '172.31.255.255', '192.168.0.10', '169.254.169.254', '0.0.0.0', '100.64.0.1', '224.0.0.1', '255.255.255.255', '::1', '::', 'fc00::1', 'fd12:3456::1', 'fe80::1', '::ffff:127.0.0.1', '::ffff:7f00:1', '::ffff:10.0.0.1', 'not-an-ip']) {
      expect([a, isPrivateAddress(a)]).toEqual([a, true]);
    }
    for (const a of ['8.8.8.8', '93.184.216.34', '172.32.0.1', '2606:4700:4700::1111', '::ffff:8.8.8.8']) expect([a, isPrivateAddress(a)]).toEqual([a, false]);
  });

  it('takes http(s) URLs without credentials only', () => {
    expect(() => checkFeedUrl('ftp://shop.test/f.xml')).toThrow('must start with http:// or https://');
    expect(() => checkFeedUrl('https://u:p@shop.test/f.xml')).toThrow('user name or password');
    expect(() => checkFeedUrl('nonsense')).toThrow('not a valid URL');
    expect(checkFeedUrl('https://shop.test/f.xml').hostname).toBe('shop.test');
  });

  describe('against a local server', () => {
    let server: http.Server;
    let port: number;
    beforeAll(async () => {
      server = http.createServer((req, res) => {
        if (req.url === '/to-file') return void res.writeHead(302, { location: 'file:///etc/passwd' }).end();
        if (req.url === '/slow') return void setTimeout(() => res.end('<rss/>'), 3000);
        res.writeHead(200, { 'content-length': 6 }).end('<rss/>');
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      port = (server.address() as AddressInfo).port;
    });
    afterAll(async () => {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    });
    const opts = { maxBytes: 1024, timeoutMs: 1000, allowPrivateAddresses: false };

    it('refuses an IP literal and a name that resolve to loopback', async () => {
      await expect(openFeedUrl(`http://127.0.0.1:${port}/`, opts)).rejects.toThrow('127.0.0.1 is at 127.0.0.1, a private, loopback or link-local address');
      await expect(openFeedUrl(`http://localhost:${port}/`, opts)).rejects.toThrow(/localhost is at (127\.0\.0\.1|::1), a private/);
    });

    it('checks every redirect again, and keeps to a deadline', async () => {
      const allowed = { ...opts, allowPrivateAddresses: true };
      const ok = await openFeedUrl(`http://127.0.0.1:${port}/`, allowed);
      const chunks: Buffer[] = [];
      for await (const c of ok.body) chunks.push(c);
      expect(Buffer.concat(chunks).toString()).toBe('<rss/>');
      await expect(openFeedUrl(`http://127.0.0.1:${port}/to-file`, allowed)).rejects.toThrow('must start with http:// or https://');
      await expect(openFeedUrl(`http://127.0.0.1:${port}/slow`, allowed)).rejects.toThrow('took longer than 1 s');
    });
  });
});
