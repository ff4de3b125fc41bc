import { UAParser } from 'ua-parser-js';
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

/** How the Visit widget names a few systems ua-parser-js spells otherwise. */
const OS_NAMES: Record<string, string> = { 'Mac OS': 'macOS', 'Chromium OS': 'ChromeOS' };

/**
 * The browser and system of a User-Agent for the Visit widget (SPEC E8), read by ua-parser-js:
 * family and major version ("Chrome 120", "iOS 17.0", "Windows 10"); "Other" for what it does not
 * know, null without a User-Agent. Read at most 512 characters of it.
 */
export function parseUserAgent(ua: string | undefined): UserAgentInfo {
  const s = (ua ?? '').slice(0, 512);
  if (!s.trim()) return { browser: null, os: null, mobile: false };
  const r = new UAParser(s).getResult();
  const browser = r.browser.name ? `${r.browser.name}${r.browser.major ? ` ${r.browser.major}` : ''}` : 'Other';
  const osName = r.os.name ? (OS_NAMES[r.os.name] ?? r.os.name) : null;
  const os = osName ? `${osName}${r.os.version ? ` ${r.os.version}` : ''}` : 'Other';
  return { browser, os, mobile: r.device.type === 'mobile' };
}
