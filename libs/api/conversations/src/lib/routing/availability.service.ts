import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { batchPerTick, groupBy } from '@parley/api/platform/database';
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
  /** Each widget asks on hello and when it follows its conversation: one query per tick for all of them. */
  private readonly availableLoader = batchPerTick<{ workspaceId: string; groupId: string | null }, boolean>(async (keys) => {
    const answers = new Map<string, Map<string | null, boolean>>();
    await Promise.all([...groupBy(keys, (k) => k.workspaceId)].map(async ([ws, ks]) => answers.set(ws, await this.availableGroups(ws, ks.map((k) => k.groupId)))));
    return keys.map((k) => answers.get(k.workspaceId)?.get(k.groupId) === true);
  });

  private readonly queueLoader = batchPerTick<{ workspaceId: string; conversationId: string }, QueuePosition>(async (keys) => {
    const answers = new Map<string, Map<string, QueuePosition>>();
    await Promise.all([...groupBy(keys, (k) => k.workspaceId)].map(async ([ws, ks]) => answers.set(ws, await this.queuePositions(ws, ks.map((k) => k.conversationId)))));
    return keys.map((k) => answers.get(k.workspaceId)?.get(k.conversationId) ?? { position: null, etaSeconds: null, groupId: undefined });
  });

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Batched with the other calls of the same tick (see `batchPerTick`). */
  isAvailable(workspaceId: string, groupId: string | null): Promise<boolean> {
    return this.availableLoader.load({ workspaceId, groupId: groupId ?? null });
  }

  /** `isAvailable` for several groups (null = no group) of a workspace in one query. */
  async availableGroups(workspaceId: string, groupIds: ReadonlyArray<string | null>): Promise<Map<string | null, boolean>> {
    const result = new Map<string | null, boolean>();
    if (!groupIds.length) return result;
    const rows: Array<{ group_id: string | null; available: boolean }> = await this.db.query(
      `SELECT g AS group_id, EXISTS (SELECT 1 FROM operators o WHERE ${eligibleOperatorSql('o', '$1', 'g')}) AS available
       FROM unnest($2::uuid[]) AS g`,
      [workspaceId, [...new Set(groupIds)]],
    );
    for (const r of rows) result.set(r.group_id ?? null, r.available === true);
    return result;
  }

  /**
   * `queuePosition` for several conversations of a workspace in one query: the queued
   * conversations are numbered once per group, not counted again for each visitor.
   */
  async queuePositions(workspaceId: string, conversationIds: readonly string[]): Promise<Map<string, QueuePosition>> {
    const result = new Map<string, QueuePosition>();
    if (!conversationIds.length) return result;
    const rows: Array<{ id: string; group_id: string | null; position: number | null; avg_wait: number | null }> = await this.db.query(
      `WITH recent AS (
         SELECT extract(epoch FROM (taken_at - created_at)) AS wait FROM conversations
         WHERE workspace_id = $1 AND taken_at IS NOT NULL AND taken_at > now() - interval '7 days'
         ORDER BY taken_at DESC LIMIT ${ETA_SAMPLE}
       ),
       queued AS (
         SELECT id, row_number() OVER (PARTITION BY group_id ORDER BY created_at, id) AS position FROM conversations
         WHERE workspace_id = $1 AND status = 'queued' AND assignee_id IS NULL AND deleted_at IS NULL
       )
       SELECT c.id, c.group_id, q.position::int AS position, (SELECT avg(wait) FROM recent)::float AS avg_wait
       FROM conversations c LEFT JOIN queued q ON q.id = c.id
       WHERE c.workspace_id = $1 AND c.id = ANY($2::uuid[])`,
      [workspaceId, [...new Set(conversationIds)]],
    );
    for (const r of rows) {
      const position = r.position === null ? null : Number(r.position);
      const avg = r.avg_wait === null ? null : Number(r.avg_wait);
      result.set(r.id, { position, etaSeconds: position === null || avg === null ? null : Math.max(0, Math.round(avg * position)), groupId: r.group_id ?? null });
    }
    return result;
  }

  /**
   * Position (1 = next) among the queued, unassigned conversations of the same group, oldest
   * first; ETA = position × the average time-to-take of the workspace's last takes (null without
   * history). Both null when the conversation is not waiting; groupId undefined when it does not
   * exist. Batched with the other calls of the same tick (`queuePositions`).
   */
  queuePosition(workspaceId: string, conversationId: string): Promise<QueuePosition> {
    return this.queueLoader.load({ workspaceId, conversationId });
  }
}
