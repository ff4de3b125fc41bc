import { isIP } from 'node:net';

interface RequestLike {
  headers?: Record<string, string | string[] | undefined>;
  socket?: { remoteAddress?: string };
}

/**
 * The client's address for rate limits: the socket's peer, or — only when TRUST_PROXY hops are
 * configured — the address that many hops back in X-Forwarded-For (a forged header is never
 * believed otherwise). Works for HTTP requests and for the graphql-ws upgrade request alike.
 */
export function requestIp(req: RequestLike | undefined, trustProxy: number): string | undefined {
  if (!req) return undefined;
  const peer = normalizeIp(req.socket?.remoteAddress ?? '');
  if (trustProxy <= 0) return peer ?? undefined;
  const raw = req.headers?.['x-forwarded-for'];
  const header = Array.isArray(raw) ? raw.join(',') : (raw ?? '');
  const chain = header
    .split(',')
    .map((s) => normalizeIp(s.trim()))
    .filter((s): s is string => !!s);
  const all = [...chain, ...(peer ? [peer] : [])];
  const index = all.length - 1 - trustProxy;
  return (index >= 0 ? all[index] : all[0]) ?? undefined;
}

function normalizeIp(s: string): string | null {
  const v = s.startsWith('::ffff:') ? s.slice(7) : s;
  return isIP(v) ? v : null;
}
