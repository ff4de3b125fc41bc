import { clientIp, isPrivateIp, parseUserAgent } from './client-info';

const req = (remote: string, xff?: string) => ({ socket: { remoteAddress: remote } as never, headers: xff === undefined ? {} : { 'x-forwarded-for': xff } });

describe('client info', () => {
  it('ignores X-Forwarded-For unless proxies are trusted, then counts hops from the right', () => {
    expect(clientIp(req('::ffff:10.0.0.5', '81.2.69.142'), 0)).toBe('10.0.0.5');
    expect(clientIp(req('10.0.0.5', '81.2.69.142'), 1)).toBe('81.2.69.142');
    // a forged first entry is not believed with one proxy: the proxy appended the real client
    expect(clientIp(req('10.0.0.5', '1.2.3.4, 81.2.69.142'), 1)).toBe('81.2.69.142');
    expect(clientIp(req('10.0.0.5', '81.2.69.142, 10.0.0.9'), 2)).toBe('81.2.69.142');
    expect(clientIp(req('10.0.0.5', 'garbage, <script>'), 1)).toBe('10.0.0.5');
    expect(clientIp(req('not-an-ip'), 0)).toBeNull();
  });

  it('knows local addresses', () => {
    for (const ip of ['127.0.0.1', '10.1.2.3', '192.168.1.1', '172.20.0.1', '::1', 'fd00::1', '169.254.1.1']) expect(isPrivateIp(ip)).toBe(true);
    for (const ip of ['81.2.69.142', '8.8.8.8', '2a00:1450::1']) expect(isPrivateIp(ip)).toBe(false);
  });

  it('reads browser and OS with their versions from the User-Agent (ua-parser-js)', () => {
    expect(parseUserAgent('Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36')).toEqual({ browser: 'Chrome 120', os: 'Windows 10', mobile: false });
    expect(parseUserAgent('Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1')).toEqual({ browser: 'Mobile Safari 17', os: 'iOS 17.0', mobile: true });
    expect(parseUserAgent('Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0')).toMatchObject({ browser: 'Firefox 121', os: 'Linux' });
    expect(parseUserAgent('Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36 Edg/120.0')).toMatchObject({ browser: 'Edge 120', os: 'macOS 10.15.7' });
    expect(parseUserAgent('Mozilla/5.0 (Linux; Android 14; SM-S911B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/23.0 Chrome/115.0 Mobile Safari/537.36')).toMatchObject({ browser: 'Samsung Internet 23', os: 'Android 14', mobile: true });
  });

  it('says "Other" for what it cannot read and nothing without a User-Agent; a huge header is cut', () => {
    expect(parseUserAgent('curl/8.4.0')).toMatchObject({ os: 'Other', mobile: false });
    expect(parseUserAgent('<script>alert(1)</script>')).toEqual({ browser: 'Other', os: 'Other', mobile: false });
    expect(parseUserAgent(undefined)).toEqual({ browser: null, os: null, mobile: false });
    expect(parseUserAgent('   ')).toEqual({ browser: null, os: null, mobile: false });
    const huge = parseUserAgent(`Mozilla/5.0 (Windows NT 10.0) ${'x'.repeat(100_000)} Chrome/120.0`);
    expect(huge.os).toBe('Windows 10');
  });
});
