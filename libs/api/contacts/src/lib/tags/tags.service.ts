import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { badInput, isUuid } from '@parley/api/platform/graphql';
import { DataSource, EntityManager } from 'typeorm';
import { normalizeTagName, tagNameError } from '@parley/shared/contracts';
import { TagObject } from './tag.object';

/**
 * The workspace tag catalog (table `tags`). It lives with contacts, the lowest domain that tags
 * things; conversations (SPEC A4) and the web chat's acquired contacts (SPEC C6) use it.
 */
@Injectable()
export class TagsService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  list(workspaceId: string): Promise<TagObject[]> {
    return this.db.query(`SELECT id, name FROM tags WHERE workspace_id = $1 ORDER BY lower(name), id`, [workspaceId]);
  }

  /**
   * The tag with this name (case-insensitive), created when missing. BAD_USER_INPUT (on `field`)
   * for an empty or over-long name.
   */
  async findOrCreate(workspaceId: string, rawName: unknown, field = 'name', m: EntityManager = this.db.manager): Promise<TagObject> {
    const name = normalizeTagName(rawName);
    const error = tagNameError(name);
    if (error) throw badInput(error, { field, fieldErrors: [{ field, message: error }] });
    const [row] = await m.query(
      `WITH ins AS (INSERT INTO tags (workspace_id, name) VALUES ($1, $2) ON CONFLICT (workspace_id, lower(name)) DO NOTHING RETURNING id, name)
       SELECT id, name FROM ins UNION ALL SELECT id, name FROM tags WHERE workspace_id = $1 AND lower(name) = lower($2) LIMIT 1`,
      [workspaceId, name],
    );
    if (row) return row;
    // another transaction inserted the same name meanwhile: this statement's snapshot missed it
    const [again] = await m.query(`SELECT id, name FROM tags WHERE workspace_id = $1 AND lower(name) = lower($2)`, [workspaceId, name]);
    return again;
  }

  async findById(workspaceId: string, id: string): Promise<TagObject | null> {
    if (!isUuid(id)) return null;
    const [row] = await this.db.query(`SELECT id, name FROM tags WHERE id = $1 AND workspace_id = $2`, [id, workspaceId]);
    return row ?? null;
  }
}
