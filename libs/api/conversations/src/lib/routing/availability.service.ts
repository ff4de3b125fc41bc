import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { eligibleOperatorSql } from './routing-sql';

export interface QueuePosition {
  position: number | null;
  etaSeconds: number | null;
  /** The conversation's current group (it may have been moved); undefined when it does not exist. */
  groupId?: string | null;
}

/** How many recent takes the queue estimate averages over. */
const ETA_SAMPLE = 20;

/**
 * SPEC B4/B5/B6: whether anyone can take a new chat now (some online operator of the group below
 * their limit), and a waiting visitor's place in their group's queue with an estimated wait.
 */
@Injectable()
export class AvailabilityService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async isAvailable(workspaceId: string, groupId: string | null): Promise<boolean> {
    const [row] = await this.db.query(`SELECT EXISTS (SELECT 1 FROM operators o WHERE ${eligibleOperatorSql('o', '$1', '$2')}) AS available`, [workspaceId, groupId]);
    return row.available === true;
  }

  /**
   * Position (1 = next) among the queued, unassigned conversations of the same group, oldest
   * first; ETA = position × the average time-to-take of the workspace's last takes (null without
   * history). Both null when the conversation is not waiting.
   */
  async queuePosition(workspaceId: string, conversationId: string): Promise<QueuePosition> {
    const [row] = await this.db.query(
      `WITH me AS (
         SELECT id, group_id, created_at FROM conversations
         WHERE id = $2 AND workspace_id = $1 AND status = 'queued' AND assignee_id IS NULL AND deleted_at IS NULL
       ),
       recent AS (
         SELECT extract(epoch FROM (taken_at - created_at)) AS wait FROM conversations
         WHERE workspace_id = $1 AND taken_at IS NOT NULL AND taken_at > now() - interval '7 days'
         ORDER BY taken_at DESC LIMIT ${ETA_SAMPLE}
       )
       SELECT (SELECT count(*) FROM conversations c, me
               WHERE c.workspace_id = $1 AND c.status = 'queued' AND c.assignee_id IS NULL AND c.deleted_at IS NULL
                 AND c.group_id IS NOT DISTINCT FROM me.group_id AND (c.created_at, c.id) <= (me.created_at, me.id))::int AS position,
              (SELECT avg(wait) FROM recent)::float AS avg_wait,
              EXISTS (SELECT 1 FROM me) AS waiting,
              (SELECT coalesce(group_id::text, '') FROM conversations WHERE id = $2 AND workspace_id = $1) AS group_text`,
      [workspaceId, conversationId],
    );
    const groupId = typeof row?.group_text === 'string' ? row.group_text || null : undefined;
    if (!row?.waiting) return { position: null, etaSeconds: null, groupId };
    const position = Number(row.position);
    const avg = row.avg_wait === null ? null : Number(row.avg_wait);
    return { position, etaSeconds: avg === null ? null : Math.max(0, Math.round(avg * position)), groupId };
  }
}
