import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { isUniqueViolation } from '@parley/api/platform/database';
import { badInput, isUuid, notFound } from '@parley/api/platform/graphql';
import { DataSource, EntityManager } from 'typeorm';
import { currencyDigits, formatAmount, isCurrency, parseAmount, parseQuantity } from './money';
import {
  ProductCategoryObject,
  ProductConnectionObject,
  ProductFiltersObject,
  ProductInput,
  ProductKindEnum,
  ProductObject,
  ProductPriceObject,
  ProductPriceTypeObject,
  ProductSearchInput,
  ProductSort,
} from './product.object';

/** The longest page of a search. */
export const PRODUCT_SEARCH_PAGE_MAX = 50;
/** The longest search text. */
export const PRODUCT_QUERY_MAX = 200;
/** The most codes one catalogueMatches asks about (a cart holds at most 50 items). */
export const CATALOGUE_MATCH_MAX = 100;
/** Word similarity (pg_trgm) above which a typo still finds the product ("kettel" → "kettle"). */
const TYPO_THRESHOLD = 0.4;

type Row = Record<string, unknown>;

/** The columns a product is read with (not the generated search columns). */
export const PRODUCT_COLUMNS = 'id, workspace_id, kind, sku, name, description, price, currency, active, category_id, url, images, properties, stock, weight_kg, vendor, updated_at';
const P_COLUMNS = PRODUCT_COLUMNS.split(', ').map((c) => `p.${c}`).join(', ');
const C_COLUMNS = PRODUCT_COLUMNS.split(', ').map((c) => `c.${c}`).join(', ');
/** "Best match" ranks at most this many matches (the first the index gives); more words or a filter narrow it. */
export const RELEVANCE_CANDIDATES = 1000;
type FieldError = { field: string; message: string };

export const toProduct = (r: Row): ProductObject => {
  const stock = (r['stock'] as string | null) ?? null;
  const currency = String(r['currency']).trim();
  return {
    id: r['id'] as string,
    kind: r['kind'] as ProductKindEnum,
    sku: r['sku'] as string,
    name: r['name'] as string,
    description: (r['description'] as string | null) ?? null,
    price: formatAmount(String(r['price']), currency),
    currency,
    active: r['active'] as boolean,
    categoryId: (r['category_id'] as string | null) ?? null,
    url: (r['url'] as string | null) ?? null,
    images: (r['images'] as string[] | null) ?? [],
    properties: Object.entries((r['properties'] as Record<string, string> | null) ?? {}).map(([name, value]) => ({ name, value: String(value) })),
    stock: stock === null ? null : trimDecimal(stock),
    inStock: stock === null || Number(stock) > 0,
    weightKg: r['weight_kg'] === null || r['weight_kg'] === undefined ? null : trimDecimal(String(r['weight_kg'])),
    vendor: (r['vendor'] as string | null) ?? null,
    updatedAt: new Date(r['updated_at'] as string),
  };
};

const trimDecimal = (s: string) => (s.includes('.') ? s.replace(/\.?0+$/, '') : s);

const toPriceType = (r: Row): ProductPriceTypeObject => ({ id: r['id'] as string, code: r['code'] as string, name: r['name'] as string, currency: String(r['currency']).trim(), isBase: r['is_base'] as boolean });

/** Search words: letters and digits of any script, lower-case, at most 8. */
export function searchWords(query: string): string[] {
  return (query.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).slice(0, 8);
}

type SearchMode = 'exact' | 'typo';

interface SearchCursor {
  sort: ProductSort;
  /** The sort key of the last row: rank, name or price. */
  key: number | string;
  id: string;
  /** Whether the words matched as typed or as typos. */
  mode: SearchMode;
}

const encodeSearchCursor = (c: SearchCursor) => Buffer.from(JSON.stringify([c.sort, c.key, c.id, c.mode]), 'utf8').toString('base64url');

function decodeSearchCursor(s: string, sort: ProductSort): SearchCursor {
  try {
    const [cs, key, id, mode] = JSON.parse(Buffer.from(s, 'base64url').toString('utf8')) as unknown[];
    const keyOk = cs === ProductSort.RELEVANCE ? typeof key === 'number' && Number.isFinite(key) : typeof key === 'string';
    if (cs === sort && keyOk && typeof id === 'string' && isUuid(id) && (mode === 'exact' || mode === 'typo')) return { sort, key: key as number | string, id, mode };
  } catch {
    // fall through
  }
  throw badInput('Invalid cursor (it belongs to another search or sort): start from the first page', { field: 'after' });
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * Issue #12 (E3): the catalogue as operators use it — the product popup's search with filters and
 * sorts, its filter lists, price types, and creating or editing a product or service. Every query is
 * scoped by the workspace and follows an index: full text (`products_search_vector_idx`) or-ed with
 * trigram (`products_search_text_idx`: a partial SKU, a typo), keyset pages on (rank, id),
 * (name, id) or (price, id) (`products_workspace_name_idx`, `products_workspace_price_idx`).
 */
@Injectable()
export class CatalogueService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async search(workspaceId: string, input: ProductSearchInput | null | undefined, first = 20, after: string | null = null, canManage = false): Promise<ProductConnectionObject> {
    const f = input ?? {};
    if (!Number.isInteger(first) || first < 1 || first > PRODUCT_SEARCH_PAGE_MAX) throw badInput(`first must be between 1 and ${PRODUCT_SEARCH_PAGE_MAX}`, { field: 'first' });
    if (f.query !== undefined && f.query !== null && typeof f.query !== 'string') throw badInput('The search must be text', { field: 'query' });
    const query = (f.query ?? '').trim();
    if (query.length > PRODUCT_QUERY_MAX) throw badInput(`Search for at most ${PRODUCT_QUERY_MAX} characters`, { field: 'query', fieldErrors: [{ field: 'query', message: `At most ${PRODUCT_QUERY_MAX} characters` }] });
    const words = searchWords(query);
    const text = words.length > 0;
    const sort = f.sort && (f.sort !== ProductSort.RELEVANCE || text) ? f.sort : text ? ProductSort.RELEVANCE : ProductSort.NAME;
    const params: unknown[] = [workspaceId];
    const $ = (v: unknown) => `$${params.push(v)}`;
    const where = ['p.workspace_id = $1'];
    if (!(f.includeInactive && canManage)) where.push('p.active');
    if (f.kind) {
      if (!Object.values(ProductKindEnum).includes(f.kind)) throw badInput('Unknown kind', { field: 'kind' });
      where.push(`p.kind = ${$(f.kind)}`);
    }
    if (f.categoryId) {
      const ids = await this.categoryWithDescendants(workspaceId, f.categoryId);
      if (!ids.length) return { nodes: [], pageInfo: { hasNextPage: false, endCursor: null } };
      where.push(`p.category_id = ANY(${$(ids)}::uuid[])`);
    }
    const given = (v: string | null | undefined): v is string => v !== null && v !== undefined && v !== '';
    const currency = given(f.priceMin) || given(f.priceMax) ? (await this.basePriceType(workspaceId)).currency : '';
    const min = given(f.priceMin) ? parseAmount(f.priceMin, currency, 'priceMin') : null;
    const max = given(f.priceMax) ? parseAmount(f.priceMax, currency, 'priceMax') : null;
    if (min !== null && max !== null && Number(min) > Number(max)) throw badInput('“Price to” is below “price from”', { field: 'priceMax', fieldErrors: [{ field: 'priceMax', message: 'Below “price from”' }] });
    if (min !== null) where.push(`p.price >= ${$(min)}::numeric`);
    if (max !== null) where.push(`p.price <= ${$(max)}::numeric`);
    if (f.inStock) where.push('(p.stock IS NULL OR p.stock > 0)');
    if (f.properties?.length) {
      if (f.properties.length > 10) throw badInput('Filter by at most 10 properties', { field: 'properties' });
      for (const pf of f.properties) {
        if (typeof pf?.name !== 'string' || !pf.name || pf.name.length > 100 || !Array.isArray(pf.values) || !pf.values.length || pf.values.length > 20 || pf.values.some((v) => typeof v !== 'string' || v.length > 200)) {
          throw badInput('A property filter names a property (at most 100 characters) and 1 to 20 values', { field: 'properties' });
        }
        where.push(`(${pf.values.map((v) => `p.properties @> ${$(JSON.stringify({ [pf.name]: v }))}::jsonb`).join(' OR ')})`);
      }
    }
    const filtersParams = params.length;
    const cursor = after ? decodeSearchCursor(after, sort) : null;
    const page = async (mode: SearchMode) => {
      params.length = filtersParams;
      const textWhere: string[] = [];
      let rank = '0::float8';
      if (text) {
        const q = $(query.toLowerCase());
        if (mode === 'exact') {
          const tsq = $(words.map((w) => `${w}:*`).join(' & '));
          const like = query.length >= 3 ? ` OR p.search_text LIKE ${$(`%${escapeLike(query.toLowerCase())}%`)}` : '';
          textWhere.push(`(p.search_vector @@ to_tsquery('simple', ${tsq})${like})`);
          rank = `(ts_rank(c.search_vector, to_tsquery('simple', ${tsq}))::float8 + word_similarity(${q}, c.search_text)::float8 + CASE WHEN lower(c.sku) = ${q} THEN 10 ELSE 0 END)`;
        } else {
          textWhere.push(`${q} <% p.search_text`);
          rank = `word_similarity(${q}, c.search_text)::float8`;
        }
      }
      const order = {
        [ProductSort.RELEVANCE]: { key: 's.rank', dir: 'DESC', idDir: 'ASC' },
        [ProductSort.NAME]: { key: 's.name', dir: 'ASC', idDir: 'ASC' },
        [ProductSort.PRICE_ASC]: { key: 's.price', dir: 'ASC', idDir: 'ASC' },
        [ProductSort.PRICE_DESC]: { key: 's.price', dir: 'DESC', idDir: 'DESC' },
      }[sort];
      let keyset = '';
      if (cursor) {
        const k = sort === ProductSort.RELEVANCE ? `${$(cursor.key)}::float8` : sort === ProductSort.NAME ? `${$(cursor.key)}::text` : `${$(cursor.key)}::numeric`;
        const id = `${$(cursor.id)}::uuid`;
        keyset = order.dir === order.idDir
          ? `WHERE (${order.key}, s.id) ${order.dir === 'ASC' ? '>' : '<'} (${k}, ${id})`
          : `WHERE (${order.key} < ${k} OR (${order.key} = ${k} AND s.id > ${id}))`;
      }
      // best match first ranks a bounded set of matches (RELEVANCE_CANDIDATES): a common word would
      // otherwise rank every product that has it; name and price orders are exact over all matches
      const cap = sort === ProductSort.RELEVANCE ? ` LIMIT ${RELEVANCE_CANDIDATES}` : '';
      const limit = $(first + 1);
      const sql = `SELECT * FROM (SELECT ${C_COLUMNS}, ${rank} AS rank FROM (SELECT ${P_COLUMNS}, p.search_vector, p.search_text FROM products p WHERE ${[...where, ...textWhere].join(' AND ')}${cap}) c) s ${keyset}
        ORDER BY ${order.key} ${order.dir}, s.id ${order.idDir} LIMIT ${limit}`;
      return mode === 'typo'
        ? this.db.transaction(async (m) => {
            await m.query(`SET LOCAL pg_trgm.word_similarity_threshold = ${TYPO_THRESHOLD}`);
            return m.query(sql, params) as Promise<Row[]>;
          })
        : (this.db.query(sql, params) as Promise<Row[]>);
    };
    // words that match nothing as typed are tried as typos ("kettel" → kettle): a mode of its own, kept in the cursor
    let mode: SearchMode = cursor?.mode ?? 'exact';
    let rows = await page(mode);
    if (text && mode === 'exact' && !cursor && !rows.length && query.length >= 3) rows = await page((mode = 'typo'));
    const found = rows.slice(0, first);
    const last = found[found.length - 1];
    const key = (r: Row) => (sort === ProductSort.RELEVANCE ? Number(r['rank']) : sort === ProductSort.NAME ? (r['name'] as string) : String(r['price']));
    return { nodes: found.map(toProduct), pageInfo: { hasNextPage: rows.length > first, endCursor: last ? encodeSearchCursor({ sort, key: key(last), id: last['id'] as string, mode }) : null } };
  }

  /** The product popup's filter lists: categories, properties with their values, price types, the price range. */
  async filters(workspaceId: string): Promise<ProductFiltersObject> {
    const [categories, properties, types, [range]] = await Promise.all([
      this.db.query(`SELECT id, name, parent_id FROM product_categories WHERE workspace_id = $1 ORDER BY name, id LIMIT 2000`, [workspaceId]),
      this.db.query(
        `SELECT name, (array_agg(value ORDER BY value))[1:50] AS values FROM product_property_values WHERE workspace_id = $1 GROUP BY name ORDER BY name LIMIT 100`,
        [workspaceId],
      ),
      this.priceTypes(workspaceId),
      this.db.query(
        `SELECT (SELECT price FROM products WHERE workspace_id = $1 AND active ORDER BY price LIMIT 1) AS min,
                (SELECT price FROM products WHERE workspace_id = $1 AND active ORDER BY price DESC LIMIT 1) AS max`,
        [workspaceId],
      ),
    ]);
    const base = types.find((t) => t.isBase)!;
    return {
      categories: (categories as Row[]).map((r) => ({ id: r['id'] as string, name: r['name'] as string, parentId: (r['parent_id'] as string | null) ?? null })),
      properties: (properties as Row[]).map((r) => ({ name: r['name'] as string, values: r['values'] as string[] })),
      priceTypes: types,
      priceMin: range?.min === null || range?.min === undefined ? null : formatAmount(String(range.min), base.currency),
      priceMax: range?.max === null || range?.max === undefined ? null : formatAmount(String(range.max), base.currency),
      currency: base.currency,
    };
  }

  /** The workspace's price types, the base one first (a workspace without any gets "Retail" in EUR as its base). */
  async priceTypes(workspaceId: string): Promise<ProductPriceTypeObject[]> {
    const read = async () => ((await this.db.query(`SELECT * FROM product_price_types WHERE workspace_id = $1 ORDER BY is_base DESC, position, name`, [workspaceId])) as Row[]).map(toPriceType);
    const types = await read();
    if (types[0]?.isBase) return types;
    await this.basePriceType(workspaceId);
    return read();
  }

  async basePriceType(workspaceId: string, m: EntityManager = this.db.manager): Promise<ProductPriceTypeObject> {
    const [row] = await m.query(`SELECT * FROM product_price_types WHERE workspace_id = $1 AND is_base`, [workspaceId]);
    if (row) return toPriceType(row);
    await m.query(`INSERT INTO product_price_types (workspace_id, code, name, currency, is_base) VALUES ($1, 'retail', 'Retail', 'EUR', true) ON CONFLICT DO NOTHING`, [workspaceId]);
    const [made] = await m.query(`SELECT * FROM product_price_types WHERE workspace_id = $1 AND is_base`, [workspaceId]);
    return toPriceType(made);
  }

  async get(workspaceId: string, id: string): Promise<ProductObject> {
    if (!isUuid(id)) throw notFound('Product');
    const [row] = await this.db.query(`SELECT ${PRODUCT_COLUMNS} FROM products WHERE id = $1 AND workspace_id = $2`, [id, workspaceId]);
    if (!row) throw notFound('Product');
    return toProduct(row);
  }

  /** For DataLoaders: the products among `ids` (any order). */
  async byIds(workspaceId: string, ids: readonly string[]): Promise<ProductObject[]> {
    const wanted = [...new Set(ids)].filter(isUuid);
    if (!wanted.length) return [];
    const rows: Row[] = await this.db.query(`SELECT ${PRODUCT_COLUMNS} FROM products WHERE workspace_id = $1 AND id = ANY($2::uuid[])`, [workspaceId, wanted]);
    return rows.map(toProduct);
  }

  /**
   * SPEC E9: the workspace's active products named by `codes` (what a shop's cart calls an item: its
   * SKU, else its own id, which a feed import keeps as `external_id`); an SKU match wins over an
   * external-id match. Codes without a product are left out. At most CATALOGUE_MATCH_MAX codes.
   */
  async matchCodes(workspaceId: string, codes: readonly string[]): Promise<Array<{ code: string; bySku: boolean; product: ProductObject }>> {
    if (!Array.isArray(codes) || codes.length > CATALOGUE_MATCH_MAX) throw badInput(`At most ${CATALOGUE_MATCH_MAX} codes`, { field: 'codes' });
    const wanted = [...new Set(codes.filter((c) => typeof c === 'string').map((c) => c.trim()).filter((c) => c && c.length <= 200))];
    if (!wanted.length) return [];
    const rows: Row[] = await this.db.query(
      `SELECT ${PRODUCT_COLUMNS}, external_id FROM products WHERE workspace_id = $1 AND active AND (sku = ANY($2::text[]) OR external_id = ANY($2::text[]))`,
      [workspaceId, wanted],
    );
    const out: Array<{ code: string; bySku: boolean; product: ProductObject }> = [];
    for (const code of wanted) {
      const sku = rows.find((r) => r['sku'] === code);
      const ext = sku ? null : rows.find((r) => r['external_id'] === code);
      if (sku || ext) out.push({ code, bySku: !!sku, product: toProduct((sku ?? ext) as Row) });
    }
    return out;
  }

  /** For DataLoaders: each product's prices of every price type (the base one first), in one query. */
  async pricesOf(workspaceId: string, products: readonly ProductObject[]): Promise<ProductPriceObject[][]> {
    const types = await this.priceTypes(workspaceId);
    const ids = products.map((p) => p.id);
    const rows: Row[] = ids.length ? await this.db.query(`SELECT product_id, price_type_id, amount, currency FROM product_prices WHERE workspace_id = $1 AND product_id = ANY($2::uuid[])`, [workspaceId, ids]) : [];
    const byType = new Map(types.map((t) => [t.id, t]));
    return products.map((p) => {
      const base = types.find((t) => t.isBase)!;
      const others = rows
        .filter((r) => r['product_id'] === p.id && byType.has(r['price_type_id'] as string))
        .map((r) => ({ priceType: byType.get(r['price_type_id'] as string)!, amount: formatAmount(String(r['amount']), String(r['currency']).trim()), currency: String(r['currency']).trim() }))
        .sort((a, b) => types.indexOf(a.priceType) - types.indexOf(b.priceType));
      return [{ priceType: base, amount: p.price, currency: p.currency }, ...others];
    });
  }

  /** For DataLoaders: categories by id. */
  async categoriesByIds(workspaceId: string, ids: readonly string[]): Promise<ProductCategoryObject[]> {
    const wanted = [...new Set(ids)].filter(isUuid);
    if (!wanted.length) return [];
    const rows: Row[] = await this.db.query(`SELECT id, name, parent_id FROM product_categories WHERE workspace_id = $1 AND id = ANY($2::uuid[])`, [workspaceId, wanted]);
    return rows.map((r) => ({ id: r['id'] as string, name: r['name'] as string, parentId: (r['parent_id'] as string | null) ?? null }));
  }

  /** The product's price in one price type: that type's amount, or the base price when the product has none of it. */
  async priceIn(workspaceId: string, product: ProductObject, priceTypeId: string | null | undefined): Promise<{ amount: string; currency: string }> {
    if (!priceTypeId) return { amount: product.price, currency: product.currency };
    if (!isUuid(priceTypeId)) throw badInput('Unknown price type', { field: 'priceTypeId' });
    const [type] = await this.db.query(`SELECT * FROM product_price_types WHERE id = $1 AND workspace_id = $2`, [priceTypeId, workspaceId]);
    if (!type) throw badInput('Unknown price type', { field: 'priceTypeId' });
    if (type.is_base) return { amount: product.price, currency: product.currency };
    const [row] = await this.db.query(`SELECT amount, currency FROM product_prices WHERE product_id = $1 AND price_type_id = $2`, [product.id, priceTypeId]);
    if (!row) throw badInput(`“${product.name}” has no ${type.name} price`, { field: 'priceTypeId' });
    const currency = String(row.currency).trim();
    return { amount: formatAmount(String(row.amount), currency), currency };
  }

  async create(workspaceId: string, input: ProductInput): Promise<ProductObject> {
    return this.save(workspaceId, null, input);
  }

  async update(workspaceId: string, id: string, input: ProductInput): Promise<ProductObject> {
    if (!isUuid(id)) throw notFound('Product');
    return this.save(workspaceId, id, input);
  }

  private async save(workspaceId: string, id: string | null, input: ProductInput): Promise<ProductObject> {
    try {
      return await this.db.transaction(async (m) => {
        const base = await this.basePriceType(workspaceId, m);
        const v = await this.validated(m, workspaceId, base, input);
        const cols = [v.kind, v.sku, v.name, v.description, v.price, base.currency, v.categoryId, v.url, v.images, JSON.stringify(v.properties), v.stock, v.weightKg, v.vendor, v.active];
        let row: Row | undefined;
        if (id) {
          const [rows] = await m.query(
            `UPDATE products SET kind = $3, sku = $4, name = $5, description = $6, price = $7, currency = $8, category_id = $9, url = $10, images = $11, properties = $12::jsonb,
               stock = $13, weight_kg = $14, vendor = $15, active = $16, updated_at = now()
             WHERE id = $1 AND workspace_id = $2 RETURNING ${PRODUCT_COLUMNS}`,
            [id, workspaceId, ...cols],
          );
          row = (rows as Row[])[0];
          if (!row) throw notFound('Product');
        } else {
          [row] = await m.query(
            `INSERT INTO products (workspace_id, kind, sku, name, description, price, currency, category_id, url, images, properties, stock, weight_kg, vendor, active)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::jsonb, $12, $13, $14, $15) RETURNING ${PRODUCT_COLUMNS}`,
            [workspaceId, ...cols],
          );
        }
        const productId = row!['id'] as string;
        await m.query(`DELETE FROM product_prices WHERE product_id = $1`, [productId]);
        for (const p of v.prices) {
          await m.query(`INSERT INTO product_prices (product_id, price_type_id, workspace_id, amount, currency) VALUES ($1, $2, $3, $4, $5)`, [productId, p.priceTypeId, workspaceId, p.amount, p.currency]);
        }
        await recordPropertyValues(m, workspaceId, [v.properties]);
        return toProduct(row!);
      });
    } catch (e) {
      if (isUniqueViolation(e, 'products_workspace_id_sku_key')) {
        const message = 'Another product has this SKU';
        throw badInput(message, { field: 'sku', fieldErrors: [{ field: 'sku', message }] });
      }
      throw e;
    }
  }

  private async validated(m: EntityManager, workspaceId: string, base: ProductPriceTypeObject, input: ProductInput) {
    const errors: FieldError[] = [];
    const err = (field: string, message: string) => errors.push({ field, message });
    const str = (v: unknown) => (typeof v === 'string' ? v.trim() : '');
    const kind = input.kind ?? ProductKindEnum.product;
    if (!Object.values(ProductKindEnum).includes(kind)) err('kind', 'Choose product or service');
    const sku = str(input.sku);
    if (!sku) err('sku', 'Enter the SKU');
    else if (sku.length > 200) err('sku', 'At most 200 characters');
    const name = str(input.name);
    if (!name) err('name', 'Enter the name');
    else if (name.length > 500) err('name', 'At most 500 characters');
    const description = str(input.description) || null;
    if (description && description.length > 20000) err('description', 'At most 20,000 characters');
    let price = '0';
    try {
      price = parseAmount(input.price, base.currency, 'price');
    } catch (e) {
      err('price', (e as Error).message);
    }
    const url = str(input.url) || null;
    if (url && !isHttpUrl(url)) err('url', 'Enter a link starting with http:// or https://');
    const images = (input.images ?? []).map(str).filter(Boolean);
    if (images.length > 20) err('images', 'At most 20 images');
    else if (images.some((i) => !isHttpUrl(i))) err('images', 'Every image is a link starting with http:// or https://');
    const properties: Record<string, string> = {};
    for (const p of input.properties ?? []) {
      const n = str(p?.name);
      const val = str(p?.value);
      if (!n && !val) continue;
      if (!n || n.length > 100 || !val || val.length > 200) {
        err('properties', 'Each property has a name (at most 100 characters) and a value (at most 200)');
        break;
      }
      properties[n] = val;
    }
    if (Object.keys(properties).length > 50) err('properties', 'At most 50 properties');
    let stock: string | null = null;
    let weightKg: string | null = null;
    try {
      stock = kind === ProductKindEnum.service ? null : parseQuantity(input.stock, 'stock', { allowNegative: true });
    } catch (e) {
      err('stock', (e as Error).message);
    }
    try {
      weightKg = parseQuantity(input.weightKg, 'weightKg');
    } catch (e) {
      err('weightKg', (e as Error).message);
    }
    const vendor = str(input.vendor) || null;
    if (vendor && vendor.length > 200) err('vendor', 'At most 200 characters');
    let categoryId: string | null = null;
    if (input.categoryId) {
      const [cat] = isUuid(input.categoryId) ? await m.query(`SELECT id FROM product_categories WHERE id = $1 AND workspace_id = $2`, [input.categoryId, workspaceId]) : [];
      if (!cat) err('categoryId', 'Unknown category');
      else categoryId = cat.id;
    }
    const prices: Array<{ priceTypeId: string; amount: string; currency: string }> = [];
    for (const p of input.prices ?? []) {
      if (!str(p?.amount)) continue;
      const [type] = isUuid(p?.priceTypeId) ? await m.query(`SELECT * FROM product_price_types WHERE id = $1 AND workspace_id = $2`, [p.priceTypeId, workspaceId]) : [];
      if (!type) {
        err('prices', 'Unknown price type');
        continue;
      }
      if (type.is_base) continue;
      const currency = String(type.currency).trim();
      try {
        prices.push({ priceTypeId: type.id, amount: parseAmount(p.amount, currency, `prices.${type.code}`), currency });
      } catch (e) {
        err(`prices.${type.code}`, `${type.name}: ${(e as Error).message}`);
      }
    }
    if (errors.length) throw badInput(errors.length === 1 ? errors[0].message : 'Some fields need fixing', { field: errors[0].field, fieldErrors: errors });
    return { kind, sku, name, description, price, url, images, properties, stock, weightKg, vendor, active: input.active !== false, categoryId, prices };
  }

  private async categoryWithDescendants(workspaceId: string, categoryId: string): Promise<string[]> {
    if (!isUuid(categoryId)) return [];
    const rows: Row[] = await this.db.query(
      `WITH RECURSIVE tree AS (
         SELECT id FROM product_categories WHERE id = $1 AND workspace_id = $2
         UNION SELECT c.id FROM product_categories c JOIN tree t ON c.parent_id = t.id WHERE c.workspace_id = $2
       ) SELECT id FROM tree LIMIT 10000`,
      [categoryId, workspaceId],
    );
    return rows.map((r) => r['id'] as string);
  }
}

/** Keeps `product_property_values` (the popup's filter lists) knowing every name/value the products have. */
export async function recordPropertyValues(m: EntityManager, workspaceId: string, all: ReadonlyArray<Record<string, string>>): Promise<void> {
  const pairs = new Map<string, [string, string]>();
  for (const props of all) for (const [n, v] of Object.entries(props)) if (n && v && n.length <= 100 && v.length <= 200) pairs.set(`${n}\u0000${v}`, [n, v]);
  if (!pairs.size) return;
  const list = [...pairs.values()];
  await m.query(
    `INSERT INTO product_property_values (workspace_id, name, value) SELECT $1, n, v FROM unnest($2::text[], $3::text[]) AS t(n, v) ON CONFLICT DO NOTHING`,
    [workspaceId, list.map((p) => p[0]), list.map((p) => p[1])],
  );
}

function isHttpUrl(s: string): boolean {
  if (s.length > 2000) return false;
  try {
    const u = new URL(s);
    return (u.protocol === 'http:' || u.protocol === 'https:') && !u.username && !u.password;
  } catch {
    return false;
  }
}

export { currencyDigits, isCurrency };
