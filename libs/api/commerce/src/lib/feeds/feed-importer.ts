import { FEED_REJECTIONS_KEPT } from '@parley/shared/contracts';
import { DataSource, EntityManager } from 'typeorm';
import { clip } from './feed-money';
import { FeedCategory, FeedError, FeedEvent, FeedOffer, FeedRejection, ParsedFeedFormat } from './feed-parser';

/** Offers per INSERT … ON CONFLICT statement. */
export const FEED_IMPORT_BATCH = 500;
/** Batches between two looks at whether products' planner statistics are stale. */
const STATS_EVERY_BATCHES = 20;
/** The feed's products read per statement when the ones gone from the feed are made inactive. */
const DEACTIVATE_PAGE = 5000;
/** Offers one feed may hold (the ids seen are kept to refuse duplicates). */
export const FEED_MAX_OFFERS = 1_000_000;
/** The price type that keeps the price before a discount (YML `oldprice`; Google `g:price` beside `g:sale_price`). */
export const OLD_PRICE_TYPE = { code: 'old', name: 'Old price' } as const;
const BASE_PRICE_TYPE = { code: 'retail', name: 'Retail' } as const;
/** Google's category paths are the categories' external ids, their parts joined with this. */
export const CATEGORY_PATH_SEPARATOR = ' > ';

export interface ImportCounts {
  seen: number;
  created: number;
  /** Changed products (rewritten). */
  updated: number;
  /** Products the feed has as they are (not written). */
  unchanged: number;
  rejected: number;
  deactivated: number;
}

export interface FeedImportTarget {
  workspaceId: string;
  feedId: string;
  runId: string;
}

export interface FeedImportOptions {
  batchSize?: number;
  /** After each batch (and at the end): the figures so far. */
  onProgress?: (counts: ImportCounts) => Promise<void>;
}

type Queryable = Pick<EntityManager, 'query'>;

/**
 * Writes a parsed feed into the catalogue (issue #12, E10). Offers are upserted in place by
 * (workspace, external_id) FEED_IMPORT_BATCH at a time, each batch one transaction: the product
 * (SKU = the offer id; the price the client pays now is the base price type's amount on the row),
 * its old price as the "old" price type (product_prices), its properties (and the workspace's
 * product_property_values), its category (YML by id; Google's product_type path as a tree whose
 * external ids are the paths). A re-import updates the same rows (and makes them active again),
 * leaving a product that did not change unwritten; when the feed was read to its end, its products
 * the run did not see are made inactive (never deleted).
 * An offer whose SKU a product added by hand (or by another feed) already has, an offer id another
 * feed imports, a duplicate offer id: rejected with the reason, the import goes on.
 */
export class FeedImporter {
  readonly counts: ImportCounts = { seen: 0, created: 0, updated: 0, unchanged: 0, rejected: 0, deactivated: 0 };
  format: ParsedFeedFormat | null = null;
  private readonly batchSize: number;
  private batch: FeedOffer[] = [];
  private rejections: FeedRejection[] = [];
  private rejectionsStored = 0;
  private readonly seenIds = new Set<string>();
  /** Category external id → id. */
  private readonly categories = new Map<string, string>();
  private oldPriceTypeId: string | null | undefined;
  private baseEnsured = false;
  private batches = 0;

  constructor(
    private readonly db: DataSource,
    private readonly target: FeedImportTarget,
    private readonly options: FeedImportOptions = {},
  ) {
    this.batchSize = options.batchSize ?? FEED_IMPORT_BATCH;
  }

  /** Reads every event; throws FeedError (or a database error) when the feed cannot be imported on. */
  async run(events: AsyncIterable<FeedEvent>): Promise<ImportCounts> {
    // an old price a re-imported offer no longer has goes, even in a batch where no offer has one
    const [old] = (await this.db.query(`SELECT id FROM product_price_types WHERE workspace_id = $1 AND code = $2`, [this.target.workspaceId, OLD_PRICE_TYPE.code])) as Array<{ id: string }>;
    this.oldPriceTypeId = old?.id ?? null;
    await this.freshenStatistics();
    for await (const e of events) {
      if (e.type === 'format') this.format = e.format;
      else if (e.type === 'categories') await this.upsertYmlCategories(e.categories);
      else if (e.type === 'rejected') this.reject(e.rejection);
      else {
        this.counts.seen++;
        if (this.seenIds.has(e.offer.id)) {
          this.reject({ offerId: e.offer.id, line: e.offer.line, reason: 'the offer id appears twice in the feed; the first one was imported' }, false);
          continue;
        }
        if (this.seenIds.size >= FEED_MAX_OFFERS) throw new FeedError(`The feed has more than ${FEED_MAX_OFFERS.toLocaleString('en')} offers`);
        // a copy: the parser's strings may be slices of a whole chunk of the feed, which the set would keep alive
        this.seenIds.add(Buffer.from(e.offer.id, 'utf8').toString('utf8'));
        this.batch.push(e.offer);
        if (this.batch.length >= this.batchSize) await this.flush();
      }
    }
    await this.flush();
    // the feed's other active products go inactive: its active products read a page at a time by id,
    // checked against the ids the run saw in memory (a plan over a 100,000-element array parameter is
    // at the planner's mercy: NOT (= ANY) is not hashed by PostgreSQL 15 and an anti-join on unnest()
    // may become a nested loop — minutes either way)
    let deactivated = 0;
    for (let after = '00000000-0000-0000-0000-000000000000'; ; ) {
      const page = (await this.db.query(
        `SELECT id, external_id FROM products WHERE workspace_id = $1 AND feed_id = $2 AND active AND id > $3 ORDER BY id LIMIT ${DEACTIVATE_PAGE}`,
        [this.target.workspaceId, this.target.feedId, after],
      )) as Array<{ id: string; external_id: string | null }>;
      const gone = page.filter((r) => r.external_id === null || !this.seenIds.has(r.external_id)).map((r) => r.id);
      if (gone.length) {
        const [, n] = (await this.db.query(`UPDATE products SET active = false, updated_at = now() WHERE id = ANY($1::uuid[]) AND active`, [gone])) as [unknown, number];
        deactivated += n ?? 0;
      }
      if (page.length < DEACTIVATE_PAGE) break;
      after = page[page.length - 1].id;
    }
    this.counts.deactivated = deactivated;
    return this.counts;
  }

  private reject(r: FeedRejection, counted = true): void {
    if (counted) this.counts.seen++;
    this.counts.rejected++;
    if (this.rejectionsStored + this.rejections.length < FEED_REJECTIONS_KEPT) this.rejections.push(r);
  }

  /** Writes the pending offers and rejections, then reports the figures. */
  async flush(): Promise<void> {
    const offers = this.batch;
    this.batch = [];
    if (offers.length && ++this.batches % STATS_EVERY_BATCHES === 0) await this.freshenStatistics();
    if (offers.length) {
      // outside the batch's transaction (idempotent upserts): what they cache stays true if the batch is retried
      await this.ensureBasePriceType(this.db, offers[0].currency);
      await this.ensureCategoryPaths(this.db, offers);
      const old = offers.find((o) => o.oldPrice !== null);
      if (old) await this.ensureOldPriceType(this.db, old.currency);
      try {
        await this.db.transaction((m) => this.write(m, offers));
      } catch (e) {
        // a unique SKU taken meanwhile (a product added by hand during the import): one by one, so only that offer is rejected
        if ((e as { code?: string }).code !== '23505') throw e;
        for (const offer of offers) {
          try {
            await this.db.transaction((m) => this.write(m, [offer]));
          } catch (one) {
            if ((one as { code?: string }).code !== '23505') throw one;
            this.reject({ offerId: offer.id, line: offer.line, reason: `the SKU ${clip(offer.id, 60)} is already used by another product` }, false);
          }
        }
      }
    }
    await this.storeRejections();
    await this.options.onProgress?.({ ...this.counts });
  }

  /**
   * ANALYZE products when its planner statistics are missing or stale (a first import of 100,000
   * offers into a table the autovacuum has not analysed yet: every lookup by SKU became a scan of
   * the table, 200 ms a batch instead of 5). Cheap to check; a failure (not the table's owner) is
   * left to the autovacuum.
   */
  private async freshenStatistics(): Promise<void> {
    try {
      const [st] = (await this.db.query(
        `SELECT c.reltuples::float8 AS tuples, coalesce(s.n_live_tup, 0)::float8 AS live, coalesce(s.n_mod_since_analyze, 0)::float8 AS modified
           FROM pg_class c LEFT JOIN pg_stat_user_tables s ON s.relid = c.oid WHERE c.oid = 'products'::regclass`,
      )) as Array<{ tuples: number; live: number; modified: number }>;
      if (!st) return;
      const stale = st.tuples < 0 ? st.live > 1000 : st.modified > Math.max(1000, st.tuples * 0.2);
      if (stale) await this.db.query(`ANALYZE products`);
    } catch {
      // the autovacuum analyses it eventually
    }
  }

  private async storeRejections(): Promise<void> {
    if (!this.rejections.length) return;
    const rows = this.rejections.map((r, i) => ({ seq: this.rejectionsStored + i + 1, offer_id: r.offerId ? clip(r.offerId, 200) : null, line: r.line, reason: clip(r.reason, 500) }));
    this.rejections = [];
    this.rejectionsStored += rows.length;
    await this.db.query(
      `INSERT INTO product_feed_rejections (run_id, seq, offer_id, line, reason)
       SELECT $1, x.seq, x.offer_id, x.line, x.reason FROM jsonb_to_recordset($2::jsonb) AS x(seq int, offer_id text, line int, reason text)
       ON CONFLICT DO NOTHING`,
      [this.target.runId, JSON.stringify(rows)],
    );
  }

  private async write(m: Queryable, offers: FeedOffer[]): Promise<void> {
    const { workspaceId, feedId } = this.target;
    // an offer's SKU (its id) held by a product added by hand or by another feed; its id imported by another feed
    const ids = offers.map((o) => o.id);
    // two index lookups, one after the other (an OR of both was planned as a scan; a UNION with a
    // `sku <> ALL(…)` filter compared every row with every id: both about half a second a batch at 100,000)
    const bySku = (await m.query(`SELECT id, sku, external_id, feed_id FROM products WHERE workspace_id = $1 AND sku = ANY($2::text[])`, [workspaceId, ids])) as Array<{
      id: string;
      sku: string;
      external_id: string | null;
      feed_id: string | null;
    }>;
    const byExternal = (await m.query(`SELECT sku, external_id, feed_id FROM products WHERE workspace_id = $1 AND external_id IS NOT NULL AND external_id = ANY($2::text[])`, [
      workspaceId,
      ids,
    ])) as Array<{ sku: string; external_id: string | null; feed_id: string | null }>;
    const clashes = [...bySku, ...byExternal];
    /** Offer id → product id, for the products the feed has already (the upsert returns only what it writes). */
    const productOf = new Map(bySku.filter((r) => r.external_id !== null && r.external_id === r.sku).map((r) => [r.sku, r.id]));
    const refused = new Map<string, string>();
    const idSet = new Set(ids);
    for (const c of clashes) {
      if (c.external_id !== null && idSet.has(c.external_id) && c.feed_id !== null && c.feed_id !== feedId) {
        refused.set(c.external_id, `the offer id ${clip(c.external_id, 60)} is imported by another feed`);
      }
      if (idSet.has(c.sku) && c.external_id !== c.sku) {
        refused.set(c.sku, c.external_id === null ? `the SKU ${clip(c.sku, 60)} is already used by a product added by hand` : `the SKU ${clip(c.sku, 60)} is already used by another product (feed offer ${clip(c.external_id, 60)})`);
      }
    }
    const accepted: FeedOffer[] = [];
    for (const o of offers) {
      const reason = refused.get(o.id);
      if (reason) this.reject({ offerId: o.id, line: o.line, reason }, false);
      else accepted.push(o);
    }
    if (!accepted.length) return;

    const rows = accepted.map((o) => ({
      external_id: o.id,
      sku: o.id,
      name: o.name,
      description: o.description,
      price: o.price,
      currency: o.currency,
      url: o.url,
      images: o.images,
      properties: o.properties,
      stock: o.stock,
      weight_kg: o.weightKg,
      vendor: o.vendor,
      category_id: this.categoryOf(o),
    }));
    // a product as the feed has it already is not written (no row version, no index entries)
    const written = (await m.query(
      `INSERT INTO products (workspace_id, feed_id, kind, active, external_id, sku, name, description, price, currency, url, images, properties, stock, weight_kg, vendor, category_id)
       SELECT $1, $2, 'product', true, x.external_id, x.sku, x.name, x.description, x.price, x.currency, x.url,
              ARRAY(SELECT jsonb_array_elements_text(x.images)), x.properties, x.stock, x.weight_kg, x.vendor, x.category_id
         FROM jsonb_to_recordset($3::jsonb) AS x(external_id text, sku text, name text, description text, price numeric, currency text, url text,
                                                 images jsonb, properties jsonb, stock numeric, weight_kg numeric, vendor text, category_id uuid)
       ON CONFLICT (workspace_id, external_id) WHERE external_id IS NOT NULL DO UPDATE SET
         feed_id = EXCLUDED.feed_id, active = true, sku = EXCLUDED.sku, name = EXCLUDED.name,
         description = EXCLUDED.description, price = EXCLUDED.price, currency = EXCLUDED.currency, url = EXCLUDED.url, images = EXCLUDED.images,
         properties = EXCLUDED.properties, stock = EXCLUDED.stock, weight_kg = EXCLUDED.weight_kg, vendor = EXCLUDED.vendor,
         category_id = EXCLUDED.category_id, updated_at = now()
         WHERE (products.feed_id = EXCLUDED.feed_id OR products.feed_id IS NULL)
           AND (products.feed_id, products.active, products.sku, products.name, products.description, products.price, products.currency, products.url,
                products.images, products.properties, products.stock, products.weight_kg, products.vendor, products.category_id)
               IS DISTINCT FROM
               (EXCLUDED.feed_id, true, EXCLUDED.sku, EXCLUDED.name, EXCLUDED.description, EXCLUDED.price, EXCLUDED.currency, EXCLUDED.url,
                EXCLUDED.images, EXCLUDED.properties, EXCLUDED.stock, EXCLUDED.weight_kg, EXCLUDED.vendor, EXCLUDED.category_id)
       RETURNING id, external_id, (xmax = 0) AS inserted`,
      [workspaceId, feedId, JSON.stringify(rows)],
    )) as Array<{ id: string; external_id: string; inserted: boolean }>;
    for (const w of written) {
      productOf.set(w.external_id, w.id);
      if (w.inserted) this.counts.created++;
      else this.counts.updated++;
    }
    // not written: unchanged, or (a race past the check above) imported by another feed meanwhile
    const returned = new Set(written.map((w) => w.external_id));
    const quiet = accepted.filter((o) => !returned.has(o.id));
    const taken = new Set<string>();
    if (quiet.length) {
      const theirs = (await m.query(
        `SELECT external_id FROM products WHERE workspace_id = $1 AND external_id IS NOT NULL AND external_id = ANY($2::text[]) AND feed_id IS DISTINCT FROM $3`,
        [workspaceId, quiet.map((o) => o.id), feedId],
      )) as Array<{ external_id: string }>;
      for (const t of theirs) taken.add(t.external_id);
      for (const o of quiet) {
        if (taken.has(o.id)) this.reject({ offerId: o.id, line: o.line, reason: `the offer id ${clip(o.id, 60)} is imported by another feed` }, false);
        else this.counts.unchanged++;
      }
    }

    // the old price: the "old" price type's amount, written when it changed, removed when the offer
    // has none — by product id (a join on external_id was planned as a scan of every product)
    const oldType = this.oldPriceTypeId;
    if (oldType) {
      const mine = accepted.filter((o) => productOf.has(o.id) && !taken.has(o.id));
      const withOld = mine.filter((o) => o.oldPrice !== null);
      const withoutOld = mine.filter((o) => o.oldPrice === null).map((o) => productOf.get(o.id));
      if (withoutOld.length) await m.query(`DELETE FROM product_prices WHERE price_type_id = $1 AND product_id = ANY($2::uuid[])`, [oldType, withoutOld]);
      if (withOld.length) {
        await m.query(
          `INSERT INTO product_prices (product_id, price_type_id, workspace_id, amount, currency)
           SELECT x.product_id, $1, $2, x.amount, x.currency FROM jsonb_to_recordset($3::jsonb) AS x(product_id uuid, amount numeric, currency text)
           ON CONFLICT (product_id, price_type_id) DO UPDATE SET amount = EXCLUDED.amount, currency = EXCLUDED.currency
             WHERE (product_prices.amount, product_prices.currency) IS DISTINCT FROM (EXCLUDED.amount, EXCLUDED.currency)`,
          [oldType, workspaceId, JSON.stringify(withOld.map((o) => ({ product_id: productOf.get(o.id), amount: o.oldPrice, currency: o.currency })))],
        );
      }
    }

    const pairs = new Map<string, { name: string; value: string }>();
    for (const o of accepted) for (const [name, value] of Object.entries(o.properties)) pairs.set(`${name}\u0000${value}`, { name, value });
    if (pairs.size) {
      await m.query(
        `INSERT INTO product_property_values (workspace_id, name, value)
         SELECT $1, x.name, x.value FROM jsonb_to_recordset($2::jsonb) AS x(name text, value text)
         ON CONFLICT DO NOTHING`,
        [workspaceId, JSON.stringify([...pairs.values()])],
      );
    }
  }

  private categoryOf(o: FeedOffer): string | null {
    if (o.categoryId !== null) return this.categories.get(o.categoryId) ?? null;
    if (o.categoryPath) return this.categories.get(o.categoryPath.join(CATEGORY_PATH_SEPARATOR)) ?? null;
    return null;
  }

  /** The base price type ('retail', in the first offer's currency) when the workspace has none yet. */
  private async ensureBasePriceType(m: Queryable, currency: string): Promise<void> {
    if (this.baseEnsured) return;
    await m.query(
      `INSERT INTO product_price_types (workspace_id, code, name, currency, is_base)
       SELECT $1, $2, $3, $4, true WHERE NOT EXISTS (SELECT 1 FROM product_price_types WHERE workspace_id = $1 AND is_base)
       ON CONFLICT DO NOTHING`,
      [this.target.workspaceId, BASE_PRICE_TYPE.code, BASE_PRICE_TYPE.name, currency],
    );
    this.baseEnsured = true;
  }

  private async ensureOldPriceType(m: Queryable, currency: string): Promise<string | null> {
    if (this.oldPriceTypeId) return this.oldPriceTypeId;
    await m.query(
      `INSERT INTO product_price_types (workspace_id, code, name, currency, is_base, position) VALUES ($1, $2, $3, $4, false, 100) ON CONFLICT DO NOTHING`,
      [this.target.workspaceId, OLD_PRICE_TYPE.code, OLD_PRICE_TYPE.name, currency],
    );
    const [row] = (await m.query(`SELECT id FROM product_price_types WHERE workspace_id = $1 AND code = $2`, [this.target.workspaceId, OLD_PRICE_TYPE.code])) as Array<{ id: string }>;
    this.oldPriceTypeId = row?.id ?? null;
    return this.oldPriceTypeId;
  }

  /**
   * YML: the categories by their ids, names updated; parents set in a second statement (a parent
   * may come after its child). A parent that would make a cycle, or is unknown, is left out.
   */
  private async upsertYmlCategories(list: FeedCategory[]): Promise<void> {
    if (!list.length) return;
    const byId = new Map(list.map((c) => [c.id, c]));
    const parentOf = (id: string): string | null => {
      // walk up: a cycle (a → b → a) or a missing parent cuts the link
      const c = byId.get(id);
      if (!c?.parentId || !byId.has(c.parentId)) return null;
      const seen = new Set([id]);
      for (let p: string | null = c.parentId; p; p = byId.get(p)?.parentId ?? null) {
        if (seen.has(p)) return null;
        seen.add(p);
        if (!byId.has(p)) break;
      }
      return c.parentId;
    };
    for (let at = 0; at < list.length; at += 1000) {
      const part = list.slice(at, at + 1000);
      await this.db.query(
        `INSERT INTO product_categories (workspace_id, external_id, name)
         SELECT $1, x.external_id, x.name FROM jsonb_to_recordset($2::jsonb) AS x(external_id text, name text)
         ON CONFLICT (workspace_id, external_id) WHERE external_id IS NOT NULL DO UPDATE SET name = EXCLUDED.name, updated_at = now()
           WHERE product_categories.name IS DISTINCT FROM EXCLUDED.name`,
        [this.target.workspaceId, JSON.stringify([...new Map(part.map((c) => [c.id, { external_id: c.id, name: c.name }])).values()])],
      );
      const rows = (await this.db.query(`SELECT id, external_id FROM product_categories WHERE workspace_id = $1 AND external_id = ANY($2::text[])`, [
        this.target.workspaceId,
        part.map((c) => c.id),
      ])) as Array<{ id: string; external_id: string }>;
      for (const r of rows) this.categories.set(r.external_id, r.id);
    }
    const links = list.map((c) => ({ id: this.categories.get(c.id), parent_id: (() => { const p = parentOf(c.id); return p ? (this.categories.get(p) ?? null) : null; })() })).filter((l) => l.id);
    for (let at = 0; at < links.length; at += 1000) {
      await this.db.query(
        `UPDATE product_categories c SET parent_id = x.parent_id, updated_at = now()
           FROM jsonb_to_recordset($2::jsonb) AS x(id uuid, parent_id uuid)
          WHERE c.id = x.id AND c.workspace_id = $1 AND c.parent_id IS DISTINCT FROM x.parent_id`,
        [this.target.workspaceId, JSON.stringify(links.slice(at, at + 1000))],
      );
    }
  }

  /** Google: every prefix of the offers' product_type paths as a category, parent before child. */
  private async ensureCategoryPaths(m: Queryable, offers: FeedOffer[]): Promise<void> {
    const missing = new Map<string, { external_id: string; name: string; parent: string | null; depth: number }>();
    for (const o of offers) {
      if (!o.categoryPath) continue;
      for (let d = 1; d <= o.categoryPath.length; d++) {
        const path = o.categoryPath.slice(0, d).join(CATEGORY_PATH_SEPARATOR);
        if (this.categories.has(path) || missing.has(path) || path.length > 200) continue;
        missing.set(path, { external_id: path, name: o.categoryPath[d - 1], parent: d > 1 ? o.categoryPath.slice(0, d - 1).join(CATEGORY_PATH_SEPARATOR) : null, depth: d });
      }
    }
    const maxDepth = Math.max(0, ...[...missing.values()].map((c) => c.depth));
    for (let d = 1; d <= maxDepth; d++) {
      const level = [...missing.values()].filter((c) => c.depth === d).map((c) => ({ external_id: c.external_id, name: c.name, parent_id: c.parent ? (this.categories.get(c.parent) ?? null) : null }));
      if (!level.length) continue;
      await m.query(
        `INSERT INTO product_categories (workspace_id, external_id, name, parent_id)
         SELECT $1, x.external_id, x.name, x.parent_id FROM jsonb_to_recordset($2::jsonb) AS x(external_id text, name text, parent_id uuid)
         ON CONFLICT (workspace_id, external_id) WHERE external_id IS NOT NULL DO UPDATE SET name = EXCLUDED.name, parent_id = EXCLUDED.parent_id, updated_at = now()
           WHERE (product_categories.name, product_categories.parent_id) IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.parent_id)`,
        [this.target.workspaceId, JSON.stringify(level)],
      );
      const rows = (await m.query(`SELECT id, external_id FROM product_categories WHERE workspace_id = $1 AND external_id = ANY($2::text[])`, [
        this.target.workspaceId,
        level.map((c) => c.external_id),
      ])) as Array<{ id: string; external_id: string }>;
      for (const r of rows) this.categories.set(r.external_id, r.id);
    }
  }
}
