import type { INestApplication } from '@nestjs/common';
import express from 'express';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Server } from 'node:http';
import { installStaticFiles } from './static-files';

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
