import type { INestApplication } from '@nestjs/common';
import express from 'express';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Server } from 'node:http';
import { createHash } from 'node:crypto';
import { installStaticFiles, operatorAppCsp } from './static-files';

// what the Angular build writes: a critical-CSS loader as an inline onload handler
const INDEX = `<!doctype html><html><head><link rel="stylesheet" href="styles.css" media="print" onload="this.media='all'"></head><body><pl-root></pl-root><script src="main.js" type="module"></script></body></html>`;
const sha = (s: string) => `'sha256-${createHash('sha256').update(s).digest('base64')}'`;

/** The static routes over real HTTP, on a plain Express server and a temporary build folder. */
describe('static files: the widget and its language files', () => {
  let dir: string;
  let server: Server;
  let url: string;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-static-'));
    fs.mkdirSync(path.join(dir, 'widget', 'i18n'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'widget', 'widget.js'), '/* widget */');
    fs.writeFileSync(path.join(dir, 'widget', 'i18n', 'he.json'), JSON.stringify({ open: 'פתיחת צ׳אט' }));
    fs.writeFileSync(path.join(dir, 'secret.json'), '{"secret":true}');
    fs.writeFileSync(path.join(dir, 'widget', 'i18n', 'he.js'), 'alert(1)');
    const app = express();
    installStaticFiles({ getHttpAdapter: () => ({ getInstance: () => app }) } as unknown as INestApplication, dir);
    server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('serves a language file as UTF-8 JSON any site may fetch, cacheable', async () => {
    const res = await fetch(`${url}/widget/i18n/he.json?v=abc`, { headers: { Origin: 'https://shop.example' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('cache-control')).toBe('public, max-age=86400');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('etag')).toBeTruthy();
    expect(await res.json()).toEqual({ open: 'פתיחת צ׳אט' });
  });

  it('answers 404 for unknown languages, other names and path tricks', async () => {
    for (const bad of ['xx.json', 'he.js', 'HE.json', 'he', '..%2Fsecret.json', '..%2F..%2Fsecret.json', '%2E%2E%2Fsecret.json', 'he.json%00', 'a/b.json', '', 'en.json']) {
      const res = await fetch(`${url}/widget/i18n/${bad}`, { headers: { Accept: 'text/html' } });
      expect([bad, res.status]).toEqual([bad, 404]);
      expect(await res.text()).not.toContain('secret');
    }
    const traversal = await fetch(`${url}/widget/i18n/../../secret.json`);
    expect(traversal.status).toBe(404);
  });

  it('still serves widget.js to any site', async () => {
    const res = await fetch(`${url}/widget.js`);
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(await res.text()).toBe('/* widget */');
  });
});

describe('static files: the operator app and its Content-Security-Policy', () => {
  let dir: string;
  let server: Server;
  let url: string;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-static-web-'));
    fs.mkdirSync(path.join(dir, 'web', 'browser'), { recursive: true });
    fs.mkdirSync(path.join(dir, 'widget'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'web', 'browser', 'index.html'), INDEX);
    fs.writeFileSync(path.join(dir, 'widget', 'widget.js'), '/* widget */');
    const app = express();
    installStaticFiles({ getHttpAdapter: () => ({ getInstance: () => app }) } as unknown as INestApplication, dir);
    server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('sends the operator app with a Content-Security-Policy that allows exactly its own inline handler', async () => {
    for (const p of ['/', '/inbox/123', '/index.html']) {
      const res = await fetch(`${url}${p}`, { headers: { Accept: 'text/html' } });
      expect([p, res.status]).toEqual([p, 200]);
      const csp = res.headers.get('content-security-policy') ?? '';
      const directives = Object.fromEntries(csp.split(/;\s*/).map((d) => [d.split(' ')[0], d.split(' ').slice(1)]));
      expect(directives['default-src']).toEqual(["'self'"]);
      expect(directives['script-src']).toEqual(["'self'", "'unsafe-hashes'", sha("this.media='all'")]);
      expect(directives['script-src']).not.toContain("'unsafe-inline'");
      expect(directives['object-src']).toEqual(["'none'"]);
      expect(directives['frame-ancestors']).toEqual(["'none'"]);
      expect(directives['connect-src']).toEqual(["'self'"]);
      expect(res.headers.get('x-frame-options')).toBe('DENY');
    }
  });

  it('hashes inline scripts, never external ones, and adds unsafe-hashes only for handlers', () => {
    const plain = operatorAppCsp('<html><script src="main.js"></script></html>');
    expect(plain).toContain("script-src 'self';");
    const inline = operatorAppCsp('<html><script>window.x = 1;</script><script type="module" src="a.js"></script></html>');
    expect(inline).toContain(`script-src 'self' ${sha('window.x = 1;')};`);
    expect(inline).not.toContain('unsafe-hashes');
  });

  it('keeps the widget script free of the operator app policy', async () => {
    const res = await fetch(`${url}/widget.js`);
    expect(res.headers.get('content-security-policy')).toBeNull();
  });
});
