import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';

/**
 * The visitor's IP address: the socket's peer, or — only when `trustProxy` proxies are configured
 * (TRUST_PROXY) — the address that many hops back in X-Forwarded-For. A header the visitor forged
 * is never believed when no proxy is trusted.
 */
export function clientIp(req: Pick<IncomingMessage, 'headers' | 'socket'>, trustProxy: number): string | null {
  const peer = normalizeIp(req.socket?.remoteAddress ?? '');
  if (trustProxy <= 0) return peer;
  const raw = req.headers['x-forwarded-for'];
  const header = Array.isArray(raw) ? raw.join(',') : (raw ?? '');
  const chain = header
    .split(',')
    .map((s) => normalizeIp(s.trim()))
    .filter((s): s is string => !!s);
  // [client, proxy1, …, proxyN-1] + peer (the last proxy): trust `trustProxy` hops from the right
  const all = [...chain, ...(peer ? [peer] : [])];
  const index = all.length - 1 - trustProxy;
  return index >= 0 ? all[index] : (all[0] ?? null);
}

function normalizeIp(s: string): string | null {
  const v = s.startsWith('::ffff:') ? s.slice(7) : s;
  return isIP(v) ? v : null;
}

/** Loopback, private, link-local and unique-local addresses have no country. */
export function isPrivateIp(ip: string): boolean {
  if (isIP(ip) === 4) {
    const [a, b] = ip.split('.').map(Number);
    return a === 10 || a === 127 || a === 0 || (a === 169 && b === 254) || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 100 && b >= 64 && b <= 127);
  }
  const v = ip.toLowerCase();
  return v === '::1' || v === '::' || v.startsWith('fc') || v.startsWith('fd') || v.startsWith('fe80');
}

export interface UserAgentInfo {
  browser: string | null;
  os: string | null;
  mobile: boolean;
}

/** A small User-Agent reader: family names only (no versions), enough for the Visit widget. */
export function parseUserAgent(ua: string | undefined): UserAgentInfo {
  const s = (ua ?? '').slice(0, 512);
  const browser = /Edg\//.test(s)
    ? 'Edge'
    : /OPR\/|Opera/.test(s)
      ? 'Opera'
      : /Firefox\//.test(s)
        ? 'Firefox'
        : /SamsungBrowser\//.test(s)
          ? 'Samsung Internet'
          : /Chrome\/|CriOS\//.test(s)
            ? 'Chrome'
            : /Safari\//.test(s) && /Version\//.test(s)
              ? 'Safari'
              : s
                ? 'Other'
                : null;
  const os = /Windows NT/.test(s)
    ? 'Windows'
    : /iPhone|iPad|iPod/.test(s)
      ? 'iOS'
      : /Android/.test(s)
        ? 'Android'
        : /Mac OS X|Macintosh/.test(s)
          ? 'macOS'
          : /CrOS/.test(s)
            ? 'ChromeOS'
            : /Linux/.test(s)
              ? 'Linux'
              : s
                ? 'Other'
                : null;
  return { browser, os, mobile: /Mobi|iPhone|Android.*Mobile/.test(s) };
}
