import type { NextFunction, Request, Response } from 'express';
import express from 'express';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { INestApplication, Logger } from '@nestjs/common';

const API_PREFIXES = ['/graphql', '/health', '/ws/', '/api/', '/chat/', '/preview/', '/consent/', '/pay/'];

/**
 * The operator app's Content-Security-Policy. Scripts only from this origin, plus the exact inline
 * snippets the build wrote into index.html (Angular's critical-CSS loader is an `onload` handler),
 * allowed by hash; styles inline too (Angular Material injects component styles at run time);
 * images also from data:/blob: (avatar cropper, pending attachments) and https: (a channel's avatar
 * URL in the settings preview); frames only this origin (the widget preview); nobody may frame the app.
 */
export function operatorAppCsp(indexHtml: string): string {
  const hashes = new Set<string>();
  const sha = (code: string) => `'sha256-${createHash('sha256').update(code, 'utf8').digest('base64')}'`;
  for (const m of indexHtml.matchAll(/\son[a-z]+\s*=\s*(?:"([^"]*)"|'([^']*)')/gi)) hashes.add(sha(m[1] ?? m[2]));
  for (const m of indexHtml.matchAll(/<script\b(?![^>]*\bsrc\s*=)[^>]*>([\s\S]*?)<\/script>/gi)) if (m[1].trim()) hashes.add(sha(m[1]));
  const handlers = [...indexHtml.matchAll(/\son[a-z]+\s*=/gi)].length > 0;
  const script = ["'self'", ...(handlers ? ["'unsafe-hashes'"] : []), ...hashes].join(' ');
  return [
    "default-src 'self'",
    `script-src ${script}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob: https:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "media-src 'self' data: blob:",
    "frame-src 'self'",
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/**
 * Serves the built front ends from one port: the operator app at `/` (with SPA fallback), the
 * widget at `/widget.js`, its language files at `/widget/i18n/<lang>.json` and the demo shop at `/demo`.
 */
export function installStaticFiles(app: INestApplication, staticDir: string): void {
  const logger = new Logger('Static');
  const web = path.join(staticDir, 'web', 'browser');
  const widget = path.join(staticDir, 'widget');
  const server = app.getHttpAdapter().getInstance() as express.Express;

  server.use((req: Request, res: Response, next: NextFunction) => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'strict-origin-when-cross-origin');
    next();
  });

  server.get('/widget.js', (req: Request, res: Response) => {
    const file = path.join(widget, 'widget.js');
    if (!fs.existsSync(file)) return void res.status(404).type('text/plain').send('widget.js is not built: run `npx nx build widget`');
    // any site may embed it
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.setHeader('Cache-Control', 'public, max-age=300');
    res.sendFile(file);
  });
  // The widget's texts in one language (built by apps/widget/build.mjs), fetched by widgets on any
  // site: only `<two or three letters>.json` names, looked up in the i18n folder — nothing else.
  server.get('/widget/i18n/:file', (req: Request, res: Response) => {
    const match = /^([a-z]{2,3})\.json$/.exec(String(req.params['file'] ?? ''));
    const file = match ? path.join(widget, 'i18n', `${match[1]}.json`) : null;
    if (!file || !fs.existsSync(file)) return void res.status(404).type('text/plain').send('No such language file');
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
    // the widget asks for `?v=<content hash>`, so a day's caching never serves stale texts to a new widget
    res.setHeader('Cache-Control', 'public, max-age=86400');
    res.type('application/json; charset=utf-8');
    res.sendFile(file);
  });
  server.use('/widget/i18n', (req: Request, res: Response) => void res.status(404).type('text/plain').send('No such language file'));
  server.use('/demo', express.static(path.join(widget, 'demo'), { index: 'index.html', extensions: ['html'] }));

  const index = path.join(web, 'index.html');
  // the policy follows the file: recomputed when a new build replaces index.html
  let csp: { mtimeMs: number; value: string } | undefined;
  const indexCsp = (): string => {
    const mtimeMs = fs.statSync(index).mtimeMs;
    if (csp?.mtimeMs !== mtimeMs) csp = { mtimeMs, value: operatorAppCsp(fs.readFileSync(index, 'utf8')) };
    return csp.value;
  };
  server.use(express.static(web, { index: false, maxAge: '1h', setHeaders: (res, file) => {
    if (file.endsWith('.html')) {
      res.setHeader('Cache-Control', 'no-cache');
      // /index.html asked for by name is the same document as the SPA fallback
      res.setHeader('Content-Security-Policy', file === index ? indexCsp() : "default-src 'none'; sandbox");
      res.setHeader('X-Frame-Options', 'DENY');
    }
  } }));
  server.get(/.*/, (req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' || API_PREFIXES.some((p) => req.path.startsWith(p))) return next();
    if (req.path === '/demo' || req.path.startsWith('/demo/')) {
      return void res.status(404).type('text/plain').send('Not found (is the demo built? run `npx nx build widget`)');
    }
    if (!req.accepts('html')) return next();
    if (!fs.existsSync(index)) return void res.status(404).type('text/plain').send('The operator app is not built: run `npx nx build web`');
    res.setHeader('X-Frame-Options', 'DENY');
    res.setHeader('Content-Security-Policy', indexCsp());
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  });
  if (!fs.existsSync(index)) logger.warn(`operator app not found at ${web}`);
}
