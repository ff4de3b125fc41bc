import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { pipeline, Readable, Transform } from 'node:stream';
import zlib from 'node:zlib';
import { FeedError, formatBytes } from './feed-parser';

/**
 * Issue #12 (E10): fetches a feed URL for the import without letting the server be turned against
 * its own network (SSRF): http(s) only, no credentials in the URL, every address the host name
 * resolves to must be public (loopback, private, link-local, CGNAT, multicast, reserved, ULA,
 * IPv4-mapped forms of those… are refused) and the connection is made to the address that was
 * checked (a custom `lookup`: no second resolution an attacker's DNS could answer differently).
 * At most MAX_REDIRECTS redirects, each checked again; a deadline for the whole download; a cap
 * on the bytes received and, for gzip/deflate bodies, on the bytes they unpack to.
 */

const MAX_REDIRECTS = 5;

const BLOCKED = new net.BlockList();
for (const [net4, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  BLOCKED.addSubnet(net4, prefix, 'ipv4');
}
for (const [net6, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['64:ff9b::', 96],
  ['100::', 64],
  ['2001:db8::', 32],
  ['fc00::', 7],
  ['fe80::', 10],
  ['fec0::', 10],
  ['ff00::', 8],
] as const) {
  BLOCKED.addSubnet(net6, prefix, 'ipv6');
}

/** Whether an address is loopback, private, link-local or otherwise not on the public internet. */
export function isPrivateAddress(address: string): boolean {
  const family = net.isIP(address);
  if (family === 4) return BLOCKED.check(address, 'ipv4');
  if (family !== 6) return true;
  const lower = address.toLowerCase();
  // IPv4-mapped / -compatible (::ffff:127.0.0.1, ::ffff:7f00:1, ::127.0.0.1): the IPv4 address decides
  const mapped = /^(?:0{0,4}:){0,5}(?:ffff:)?(\d+\.\d+\.\d+\.\d+)$/.exec(lower.replace(/^::/, '0::'));
  if (mapped && net.isIP(mapped[1]) === 4) return BLOCKED.check(mapped[1], 'ipv4');
  const hex = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(lower);
  if (hex) {
    const n = (parseInt(hex[1], 16) << 16) | parseInt(hex[2], 16);
    return BLOCKED.check([(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.'), 'ipv4');
  }
  return BLOCKED.check(address, 'ipv6');
}

export interface FeedFetchOptions {
  maxBytes: number;
  timeoutMs: number;
  allowPrivateAddresses: boolean;
  /** Called with the count of bytes received so far (before unpacking). */
  onBytes?: (received: number) => void;
}

export interface FetchedFeed {
  /** The body (unpacked), a chunk at a time; breaking out of it ends the download. */
  body: AsyncIterable<Buffer>;
  /** Content-Length when the server said it. */
  totalBytes: number | null;
  finalUrl: string;
}

const privateRefusal = (host: string, address: string) =>
  new FeedError(`${host} is at ${address}, a private, loopback or link-local address: feeds are fetched from the public internet only`);

/** Checks a URL's form (the resolver checks its addresses). */
export function checkFeedUrl(raw: string): URL {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new FeedError('The feed address is not a valid URL');
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new FeedError('The feed address must start with http:// or https://');
  if (u.username || u.password) throw new FeedError('The feed address may not carry a user name or password');
  return u;
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | dns.LookupAddress[], family?: number) => void;

/** dns.lookup that answers only with checked addresses (every address of the name must be public). */
function checkedLookup(allowPrivate: boolean) {
  return (hostname: string, options: dns.LookupOptions, callback: LookupCallback) => {
    dns.lookup(hostname, { all: true, family: options.family ?? 0, hints: options.hints }, (err, addresses) => {
      if (err) return callback(err, []);
      if (!addresses.length) return callback(Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' }), []);
      if (!allowPrivate) {
        const bad = addresses.find((a) => isPrivateAddress(a.address));
        if (bad) return callback(privateRefusal(hostname, bad.address) as unknown as NodeJS.ErrnoException, []);
      }
      if (options.all) callback(null, addresses);
      else callback(null, addresses[0].address, addresses[0].family);
    });
  };
}

function describeNetworkError(e: NodeJS.ErrnoException, host: string): FeedError {
  if (e instanceof FeedError) return e;
  if (e.code === 'ENOTFOUND' || e.code === 'EAI_AGAIN') return new FeedError(`${host} could not be found (DNS)`);
  if (e.code === 'ECONNREFUSED') return new FeedError(`${host} refused the connection`);
  if (e.code === 'ECONNRESET') return new FeedError(`${host} closed the connection`);
  if (e.code?.startsWith('ERR_TLS') || e.code?.includes('CERT')) return new FeedError(`${host}'s TLS certificate was not accepted (${e.code})`);
  return new FeedError(`The feed could not be fetched from ${host}: ${e.message}`);
}

/**
 * Opens the feed at `rawUrl`: resolves after the response headers of the final (non-redirect)
 * answer; the body is read as the caller iterates it. Every failure is a FeedError for people.
 */
export async function openFeedUrl(rawUrl: string, opts: FeedFetchOptions): Promise<FetchedFeed> {
  let url = checkFeedUrl(rawUrl);
  const deadline = Date.now() + opts.timeoutMs;
  let current: http.ClientRequest | null = null;
  let response: http.IncomingMessage | null = null;
  let timedOut: FeedError | null = null;
  const timer = setTimeout(() => {
    timedOut = new FeedError(`Fetching the feed took longer than ${Math.round(opts.timeoutMs / 1000)} s`);
    current?.destroy(timedOut);
    response?.destroy(timedOut);
  }, opts.timeoutMs);
  timer.unref();

  try {
    for (let redirects = 0; ; redirects++) {
      const host = url.hostname.replace(/^\[|\]$/g, '');
      if (net.isIP(host) && !opts.allowPrivateAddresses && isPrivateAddress(host)) throw privateRefusal(host, host);
      const res = await new Promise<http.IncomingMessage>((resolve, reject) => {
        const lib = url.protocol === 'https:' ? https : http;
        const req = lib.request(url, {
          method: 'GET',
          lookup: checkedLookup(opts.allowPrivateAddresses) as unknown as net.LookupFunction,
          headers: { accept: 'application/xml, text/xml, application/rss+xml, */*;q=0.5', 'accept-encoding': 'gzip, deflate', 'user-agent': 'Parley-catalogue-import/1.0' },
          timeout: Math.max(1000, deadline - Date.now()),
        });
        current = req;
        req.once('response', resolve);
        req.once('timeout', () => req.destroy(new FeedError(`Fetching the feed took longer than ${Math.round(opts.timeoutMs / 1000)} s`)));
        req.once('error', (e) => reject(timedOut ?? describeNetworkError(e, host)));
        req.end();
      });
      const status = res.statusCode ?? 0;
      if (status >= 300 && status < 400 && res.headers.location) {
        res.resume();
        if (redirects >= MAX_REDIRECTS) throw new FeedError(`The feed address redirected more than ${MAX_REDIRECTS} times`);
        let next: URL;
        try {
          next = new URL(res.headers.location, url);
        } catch {
          throw new FeedError('The feed address redirected to an invalid URL');
        }
        url = checkFeedUrl(next.toString());
        continue;
      }
      if (status < 200 || status >= 300) {
        res.resume();
        throw new FeedError(`The feed server answered ${status}${res.statusMessage ? ` ${res.statusMessage}` : ''}`);
      }
      const declared = Number(res.headers['content-length']);
      const totalBytes = Number.isSafeInteger(declared) && declared >= 0 ? declared : null;
      if (totalBytes !== null && totalBytes > opts.maxBytes) {
        res.destroy();
        throw new FeedError(`The feed is larger than ${formatBytes(opts.maxBytes)} (the server says ${formatBytes(totalBytes)})`);
      }
      response = res;
      return { body: readBody(res, opts, () => timedOut, () => clearTimeout(timer)), totalBytes, finalUrl: url.toString() };
    }
  } catch (e) {
    clearTimeout(timer);
    throw e;
  }
}

async function* readBody(res: http.IncomingMessage, opts: FeedFetchOptions, timedOut: () => FeedError | null, done: () => void): AsyncGenerator<Buffer> {
  let received = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      received += chunk.length;
      opts.onBytes?.(received);
      if (received > opts.maxBytes) return callback(new FeedError(`The feed is larger than ${formatBytes(opts.maxBytes)}`));
      callback(null, chunk);
    },
  });
  const encoding = String(res.headers['content-encoding'] ?? '').trim().toLowerCase();
  const unpack = encoding === 'gzip' || encoding === 'x-gzip' ? zlib.createGunzip() : encoding === 'deflate' ? zlib.createInflate() : null;
  const streams: Array<NodeJS.ReadableStream | NodeJS.WritableStream> = unpack ? [res, counter, unpack] : [res, counter];
  const last = (unpack ?? counter) as Readable;
  // pipeline keeps backpressure and destroys every stream when one fails; the error surfaces in the loop below
  pipeline(streams as unknown as [Readable, Transform], () => undefined);
  let unpacked = 0;
  try {
    for await (const chunk of last as AsyncIterable<Buffer>) {
      unpacked += chunk.length;
      // a small gzip body may unpack to a lot (a zip bomb): the same cap on what it unpacks to
      if (unpacked > opts.maxBytes) throw new FeedError(`The feed is larger than ${formatBytes(opts.maxBytes)} unpacked`);
      yield chunk;
    }
  } catch (e) {
    if (e instanceof FeedError) throw e;
    const late = timedOut();
    if (late) throw late;
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'Z_DATA_ERROR' || err.code === 'Z_BUF_ERROR') throw new FeedError('The feed says it is compressed but could not be unpacked');
    throw new FeedError(`The download of the feed broke off: ${err.message}`);
  } finally {
    done();
    res.destroy();
    last.destroy();
  }
}
