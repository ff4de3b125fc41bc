/**
 * Catalogue feed import benchmark (issue #12, E10): generates a YML feed of BENCH_OFFERS offers
 * (default 100,000; ~60 MB: 200 categories, 3 params, 2 pictures and a description each, 1 % with
 * an old price, 0.1 % rejected), serves it from a local HTTP server, starts the built API
 * (tests/e2e/server.ts, CATALOGUE_FEED_ALLOW_PRIVATE_ADDRESSES=true) and imports it twice through
 * GraphQL three times (a first import; a re-import where every price changed, so every product is
 * rewritten in place; the same feed again, nothing to write). It prints offers
 * per second and the API process's peak RSS during each import beside two floors measured on the
 * same file: saxes alone discarding every event (a bare Node process: its peak RSS too), and
 * Parley's parser without the database. Run on demand, never in CI (after `npm run build`):
 *
 *   npm run bench:feeds
 *   BENCH_OFFERS=20000 npm run bench:feeds   # a quick run
 *
 * Env: DATABASE_URL (admin connection; unset: the server's embedded PostgreSQL), BENCH_OFFERS,
 * BENCH_OUT (results as JSON). Exits non-zero only when the harness fails.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parseFeed } from '../../../libs/api/commerce/src/lib/feeds/feed-parser';
import { ParleyServer } from '../../e2e/server';
import { graphql } from '../../e2e/helpers';
import { pidListeningOn, rssKb } from '../webchat/proc';
import { fmt, table } from '../webchat/stats';

const env = process.env;
const OFFERS = Number(env['BENCH_OFFERS'] ?? 100_000);
const log = (s: string) => process.stdout.write(`${new Date().toISOString().slice(11, 19)} ${s}\n`);

/** Writes the feed a chunk at a time (bounded memory); returns its size. */
async function generate(file: string, variant = 0): Promise<number> {
  const out = fs.createWriteStream(file);
  const write = (s: string) => (out.write(s) ? Promise.resolve() : new Promise<void>((r) => out.once('drain', () => r())));
  await write(`<?xml version="1.0" encoding="UTF-8"?>\n<yml_catalog date="2026-12-07 10:00"><shop><name>Bench shop</name><currencies><currency id="EUR" rate="1"/></currencies><categories>\n`);
  for (let c = 1; c <= 200; c++) await write(`<category id="${c}"${c > 10 ? ` parentId="${(c % 10) + 1}"` : ''}>Category ${c}</category>\n`);
  await write(`</categories><offers>\n`);
  let chunk = '';
  for (let i = 0; i < OFFERS; i++) {
    const bad = i % 1000 === 999;
    chunk +=
      `<offer id="bench-${i}" available="${i % 7 ? 'true' : 'false'}"><url>https://shop.example/p/${i}</url>` +
      `<price>${bad ? '-1' : `${(i % 5000) + 1 + variant}.${String(i % 100).padStart(2, '0')}`}</price>${i % 100 === 0 ? `<oldprice>${(i % 5000) + 10}</oldprice>` : ''}` +
      `<currencyId>EUR</currencyId><categoryId>${(i % 200) + 1}</categoryId><picture>https://shop.example/img/${i}.jpg</picture><picture>https://shop.example/img/${i}-b.jpg</picture>` +
      `<name>Product ${i} stoneware mug</name><vendor>Vendor ${i % 50}</vendor><vendorCode>VC-${i}</vendorCode>` +
      `<description><![CDATA[<p>A sturdy product number ${i}, dishwasher safe, made to last. Ships in two days.</p>]]></description>` +
      `<param name="Colour">${['Green', 'Blue', 'Red', 'Black'][i % 4]}</param><param name="Size">${['S', 'M', 'L'][i % 3]}</param><param name="Volume" unit="ml">${250 + (i % 4) * 50}</param>` +
      `<weight>0.${(i % 9) + 1}</weight><count>${i % 40}</count></offer>\n`;
    if (chunk.length > 256 * 1024) {
      await write(chunk);
      chunk = '';
    }
  }
  await write(`${chunk}</offers></shop></yml_catalog>\n`);
  await new Promise<void>((r) => out.end(() => r()));
  return fs.statSync(file).size;
}

/** Floor 1: saxes alone over the file in a bare Node process, every event discarded. */
function saxesFloor(file: string): { offers: number; seconds: number; peakRssMb: number } {
  const script = `
    const { SaxesParser } = require('saxes');
    const fs = require('fs');
    const p = new SaxesParser();
    let offers = 0;
    p.on('closetag', (t) => { if (t.name === 'offer') offers++; });
    p.on('text', () => {});
    const d = new TextDecoder();
    const t = process.hrtime.bigint();
    (async () => {
      for await (const c of fs.createReadStream(process.argv[1], { highWaterMark: 65536 })) p.write(d.decode(c, { stream: true }));
      p.close();
      const seconds = Number(process.hrtime.bigint() - t) / 1e9;
      const hwm = Number(/VmHWM:\\s+(\\d+)/.exec(fs.readFileSync('/proc/self/status', 'utf8'))[1]);
      process.stdout.write(JSON.stringify({ offers, seconds, peakRssMb: hwm / 1024 }));
    })();`;
  const r = spawnSync(process.execPath, ['-e', script, file], { cwd: path.resolve(__dirname, '../../..'), encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`saxes floor failed: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

/** Floor 2: Parley's parser (field checks, caps, rejections) without the database. */
async function parserFloor(file: string): Promise<{ offers: number; rejected: number; seconds: number }> {
  const t = process.hrtime.bigint();
  let offers = 0;
  let rejected = 0;
  for await (const e of parseFeed(fs.createReadStream(file, { highWaterMark: 64 * 1024 }), { maxBytes: 4 * 1024 * 1024 * 1024 })) {
    if (e.type === 'offer') offers++;
    else if (e.type === 'rejected') rejected++;
  }
  return { offers, rejected, seconds: Number(process.hrtime.bigint() - t) / 1e9 };
}

const RUN = `id state offersSeen offersCreated offersUpdated offersUnchanged offersRejected productsDeactivated error startedAt finishedAt`;

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-bench-feed-'));
  const file = path.join(dir, 'feed.xml');
  let server: ParleyServer | undefined;
  const shop = http.createServer((req, res) => {
    const size = fs.statSync(file).size;
    res.writeHead(200, { 'content-type': 'application/xml', 'content-length': size });
    fs.createReadStream(file).pipe(res);
  });
  try {
    log(`generating ${OFFERS.toLocaleString('en')} offers…`);
    const bytes = await generate(file);
    log(`  ${fmt(bytes / 1024 / 1024)} MB`);
    const sax = saxesFloor(file);
    log(`saxes alone: ${fmt(sax.offers / sax.seconds, 0)} offers/s, peak RSS ${fmt(sax.peakRssMb, 0)} MB`);
    const parsed = await parserFloor(file);
    log(`Parley's parser alone: ${fmt((parsed.offers + parsed.rejected) / parsed.seconds, 0)} offers/s`);

    await new Promise<void>((r) => shop.listen(0, '127.0.0.1', r));
    const feedUrl = `http://127.0.0.1:${(shop.address() as AddressInfo).port}/feed.xml`;
    server = await ParleyServer.start({ CATALOGUE_FEED_ALLOW_PRIVATE_ADDRESSES: 'true', LOG_LEVEL: 'error' });
    const pid = pidListeningOn(Number(new URL(server.url).port));
    if (!pid) throw new Error('the API process was not found');
    const token = (await graphql(server.url, `mutation($i: LoginInput!) { login(input: $i) { accessToken } }`, { i: { email: 'admin@demo.test', password: 'parley-demo' } })).login.accessToken as string;
    const feed = (await graphql(server.url, `mutation($i: CreateCatalogueFeedInput!) { createCatalogueFeed(input: $i) { id } }`, { i: { name: 'Bench', source: 'url', url: feedUrl } }, token)).createCatalogueFeed;

    const importOnce = async (label: string) => {
      const before = rssKb(pid);
      let peak = before;
      const sampler = setInterval(() => (peak = Math.max(peak, rssKb(pid) || 0)), 50);
      const started = Date.now();
      const queued = (await graphql(server!.url, `mutation($id: ID!) { importCatalogueFeed(id: $id) { id } }`, { id: feed.id }, token)).importCatalogueFeed;
      let run: any;
      for (;;) {
        run = (await graphql(server!.url, `query($id: ID!) { catalogueFeedRun(id: $id) { ${RUN} } }`, { id: queued.id }, token)).catalogueFeedRun;
        if (run.state === 'done' || run.state === 'failed') break;
        await new Promise((r) => setTimeout(r, 200));
      }
      clearInterval(sampler);
      if (run.state !== 'done') throw new Error(`${label} failed: ${run.error}`);
      const seconds = (Date.parse(run.finishedAt) - Date.parse(run.startedAt)) / 1000;
      const wall = (Date.now() - started) / 1000;
      log(`${label}: ${fmt(run.offersSeen / seconds, 0)} offers/s (${fmt(seconds)} s in the job, ${fmt(wall)} s from Import now), RSS ${fmt(before / 1024, 0)} → peak ${fmt(peak / 1024, 0)} MB`);
      return { ...run, seconds, wall, rssBeforeMb: before / 1024, peakRssMb: peak / 1024 };
    };
    const first = await importOnce('import');
    // every price changed: each product rewritten in place
    await generate(file, 1);
    const again = await importOnce('re-import, every price changed');
    // the same file again: nothing to write
    const same = await importOnce('re-import, nothing changed');

    const rows = [
      ['case', 'offers/s', 'peak RSS MB', 'floor: saxes alone offers/s', 'floor peak RSS MB', 'Parley parser alone offers/s'],
      ['import (create)', fmt(first.offersSeen / first.seconds, 0), fmt(first.peakRssMb, 0), fmt(sax.offers / sax.seconds, 0), fmt(sax.peakRssMb, 0), fmt((parsed.offers + parsed.rejected) / parsed.seconds, 0)],
      ['re-import, every price changed (update in place)', fmt(again.offersSeen / again.seconds, 0), fmt(again.peakRssMb, 0), '', '', ''],
      ['re-import, nothing changed', fmt(same.offersSeen / same.seconds, 0), fmt(same.peakRssMb, 0), '', '', ''],
    ];
    process.stdout.write(
      `\n${OFFERS.toLocaleString('en')} offers, ${fmt(bytes / 1024 / 1024)} MB; created ${first.offersCreated}, rejected ${first.offersRejected}; updated ${again.offersUpdated}; unchanged ${same.offersUnchanged}\n${table(rows)}\n`,
    );
    if (env['BENCH_OUT']) fs.writeFileSync(env['BENCH_OUT'], JSON.stringify({ offers: OFFERS, bytes, saxes: sax, parser: parsed, import: first, reimport: again, unchanged: same }, null, 2));
  } finally {
    await server?.stop();
    shop.closeAllConnections();
    shop.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  process.stderr.write(`${(e as Error).stack ?? e}\n`);
  process.exit(1);
});
