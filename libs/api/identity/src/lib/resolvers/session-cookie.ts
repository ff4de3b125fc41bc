import type { GqlContext } from '@parley/api/platform/auth';

export const REFRESH_COOKIE = 'parley_rt';

export function readCookie(ctx: GqlContext, name: string): string | undefined {
  const header = ctx.req?.headers?.['cookie'];
  const raw = Array.isArray(header) ? header.join(';') : header;
  if (!raw) return undefined;
  for (const part of raw.split(';')) {
    const i = part.indexOf('=');
    if (i > 0 && part.slice(0, i).trim() === name) {
      try {
        return decodeURIComponent(part.slice(i + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

export function setRefreshCookie(ctx: GqlContext, token: string, expires: Date, secure: boolean): void {
  ctx.res?.cookie?.(REFRESH_COOKIE, token, { httpOnly: true, sameSite: 'strict', secure, path: '/graphql', expires });
}

export function clearRefreshCookie(ctx: GqlContext, secure: boolean): void {
  ctx.res?.clearCookie?.(REFRESH_COOKIE, { httpOnly: true, sameSite: 'strict', secure, path: '/graphql' });
}
