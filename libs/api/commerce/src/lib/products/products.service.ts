import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { badInput, isUuid } from '@parley/api/platform/graphql';
import { EntityManager, In, Repository } from 'typeorm';
import { ProductEntity } from './product.entity';

/** The longest page of the catalogue one call returns. */
export const PRODUCTS_PAGE_MAX = 100;
/** The longest SKU looked up (longer ones are in no catalogue). */
export const MAX_SKU_LENGTH = 200;

export interface ProductPage {
  nodes: ProductEntity[];
  hasNextPage: boolean;
  /** Pass as `after` for the next page; null on an empty page. */
  endCursor: string | null;
}

/**
 * The commerce domain's owner of `products` (the catalogue, SPEC E3/E10). Every read is scoped by
 * the workspace. The finders follow the table's keys: the SKU is unique per workspace
 * (UNIQUE (workspace_id, sku)), and the catalogue is listed by name, keyset-paged on
 * (name, id) to match `products_workspace_name_idx`.
 */
@Injectable()
export class ProductsService {
  constructor(@InjectRepository(ProductEntity) private readonly products: Repository<ProductEntity>) {}

  /** The workspace's product with this id, or null (unknown, another workspace's, not a UUID). */
  async findById(workspaceId: string, id: string, m?: EntityManager): Promise<ProductEntity | null> {
    if (!isUuid(id)) return null;
    return this.repo(m).findOne({ where: { workspaceId, id } });
  }

  /** The workspace's products among `ids` (any order; unknown, other workspaces' and non-UUID ids are skipped): one query for a DataLoader. */
  findByIds(workspaceId: string, ids: readonly string[], m?: EntityManager): Promise<ProductEntity[]> {
    const wanted = [...new Set(ids)].filter(isUuid);
    if (!wanted.length) return Promise.resolve([]);
    return this.repo(m).find({ where: { workspaceId, id: In(wanted) } });
  }

  /** The workspace's product with this SKU (exact, case-sensitive as stored), or null. */
  async findBySku(workspaceId: string, sku: string, m?: EntityManager): Promise<ProductEntity | null> {
    if (typeof sku !== 'string' || !sku || sku.length > MAX_SKU_LENGTH) return null;
    return this.repo(m).findOne({ where: { workspaceId, sku } });
  }

  /** The catalogue by name (then id), `first` at a time after the cursor of the previous page. BAD_USER_INPUT for a bad `first` or cursor. */
  async list(workspaceId: string, first: number, after?: string | null): Promise<ProductPage> {
    if (!Number.isInteger(first) || first < 1 || first > PRODUCTS_PAGE_MAX) throw badInput(`first must be between 1 and ${PRODUCTS_PAGE_MAX}`);
    const qb = this.products.createQueryBuilder('p').where('p.workspace_id = :ws', { ws: workspaceId });
    if (after) {
      const cur = decodeProductCursor(after);
      qb.andWhere('(p.name, p.id) > (:name, :id)', { name: cur.name, id: cur.id });
    }
    const rows = await qb.orderBy('p.name', 'ASC').addOrderBy('p.id', 'ASC').limit(first + 1).getMany();
    const nodes = rows.slice(0, first);
    const last = nodes[nodes.length - 1];
    return { nodes, hasNextPage: rows.length > first, endCursor: last ? encodeProductCursor({ name: last.name, id: last.id }) : null };
  }

  private repo(m?: EntityManager): Repository<ProductEntity> {
    return m ? m.getRepository(ProductEntity) : this.products;
  }
}

interface ProductCursor {
  name: string;
  id: string;
}

export function encodeProductCursor(c: ProductCursor): string {
  return Buffer.from(JSON.stringify([c.name, c.id]), 'utf8').toString('base64url');
}

export function decodeProductCursor(s: string): ProductCursor {
  try {
    const [name, id] = JSON.parse(Buffer.from(s, 'base64url').toString('utf8')) as unknown[];
    if (typeof name === 'string' && typeof id === 'string' && isUuid(id)) return { name, id };
  } catch {
    // fall through
  }
  throw badInput('Invalid cursor');
}
