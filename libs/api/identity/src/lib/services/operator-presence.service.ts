import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuthUser } from '@parley/api/platform/auth';
import { AppConfig } from '@parley/api/platform/config';
import { EVENT_BUS, EventBus, SHARED_STATE, SharedState, Topics } from '@parley/api/platform/realtime';
import { OperatorStatus } from '@parley/shared/contracts';
import { DataSource } from 'typeorm';

/** SharedState key of an operator's live operator-app connections (graphql-ws sockets), on any API process. */
export const operatorPresenceKey = (operatorId: string): string => `operator:${operatorId}`;

interface PresenceRow {
  id: string;
  workspace_id: string;
  status: OperatorStatus;
  presence_chosen: OperatorStatus | null;
  /** Milliseconds since the last connection went, on the database's clock; null while connected or not yet noticed. */
  gone_ms: number | null;
}

/**
 * Issue #17: presence follows the operator's connections. Each API process counts the operator
 * app's graphql-ws sockets of each operator in SharedState (in memory for one process; in Redis
 * with a per-process entry refreshed every PRESENCE_TTL_MS / 3, so a crashed process's sockets stop
 * counting within PRESENCE_TTL_MS). A periodic sweep (a maintenance job: one run per time slot,
 * whichever process takes it) turns an operator whose last connection has been gone for
 * PRESENCE_AWAY_AFTER_MS from Online to Away, and after PRESENCE_OFFLINE_AFTER_MS (from Online,
 * Away or Invisible) to Offline, remembering the status they had chosen; connecting again restores
 * it. A status set by the operator (or by logout, login, working hours) clears that memory, so a
 * manual Away or Offline is never overridden by connecting. Automatic changes are not audited
 * (status changes never were); they reach every screen as `status` events on the operators topic.
 */
@Injectable()
export class OperatorPresenceService {
  private readonly logger = new Logger(OperatorPresenceService.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(EVENT_BUS) private readonly bus: EventBus,
    @Inject(SHARED_STATE) private readonly shared: SharedState,
    private readonly config: AppConfig,
  ) {}

  /** An operator-app socket of `user` opened on this process: counted, and an automatic Away/Offline undone. */
  async connected(user: AuthUser): Promise<void> {
    this.shared.hold(operatorPresenceKey(user.operatorId));
    await this.restore(user.workspaceId, user.operatorId);
  }

  /** That socket closed. When no process holds one any more, the wait for Away starts now. */
  disconnected(user: AuthUser): void {
    const key = operatorPresenceKey(user.operatorId);
    this.shared.release(key);
    // after the release has reached Redis (SharedState applies changes on the next tick, in order)
    setImmediate(() => {
      void (async () => {
        if (await this.shared.isHeld(key)) return;
        await this.db.query(`UPDATE operators SET presence_gone_at = now() WHERE id = $1 AND workspace_id = $2 AND presence_gone_at IS NULL`, [
          user.operatorId,
          user.workspaceId,
        ]);
      })().catch((e) => this.logger.debug(`presence: could not note a disconnection: ${e}`));
    });
  }

  /** Back from an automatic Away/Offline: the status the operator had chosen. */
  private async restore(workspaceId: string, operatorId: string): Promise<void> {
    const [rows] = (await this.db.query(
      `UPDATE operators o SET status = COALESCE(o.presence_chosen, o.status), presence_chosen = NULL, presence_gone_at = NULL
       FROM (SELECT id, status FROM operators WHERE id = $1 AND workspace_id = $2 FOR UPDATE) b
       WHERE o.id = b.id AND (o.presence_chosen IS NOT NULL OR o.presence_gone_at IS NOT NULL)
       RETURNING o.status, b.status AS before`,
      [operatorId, workspaceId],
    )) as [Array<{ status: OperatorStatus; before: OperatorStatus }>, number];
    const row = rows[0];
    if (row && row.status !== row.before) await this.announce(workspaceId, operatorId, row.status);
  }

  /**
   * One pass of the sweep over every active operator whose status presence may change. Fails as a
   * whole when SharedState cannot be read (Redis down): nobody is set away for a failed read.
   */
  async sweep(): Promise<{ away: number; offline: number; restored: number }> {
    const { awayAfterMs, offlineAfterMs } = this.config.presence;
    const rows: PresenceRow[] = await this.db.query(
      `SELECT id, workspace_id, status, presence_chosen,
              floor(extract(epoch FROM (now() - presence_gone_at)) * 1000)::float8 AS gone_ms
       FROM operators WHERE active AND (status <> 'offline' OR presence_chosen IS NOT NULL)`,
    );
    const held = await this.shared.whichHeld(rows.map((r) => operatorPresenceKey(r.id)));
    const done = { away: 0, offline: 0, restored: 0 };
    for (const r of rows) {
      if (held.has(operatorPresenceKey(r.id))) {
        // connected (perhaps to a process whose restore failed): undo an automatic change, stop the clock
        if (r.presence_chosen !== null || r.gone_ms !== null) {
          await this.restore(r.workspace_id, r.id);
          if (r.presence_chosen !== null) done.restored++;
        }
        continue;
      }
      if (r.gone_ms === null) {
        // nobody connected, unnoticed so far (never connected since, or the process holding the socket crashed): the clock starts
        await this.db.query(`UPDATE operators SET presence_gone_at = now() WHERE id = $1 AND presence_gone_at IS NULL`, [r.id]);
        continue;
      }
      const chosen = r.presence_chosen ?? r.status;
      const target =
        r.gone_ms >= offlineAfterMs && chosen !== OperatorStatus.offline
          ? OperatorStatus.offline
          : r.gone_ms >= awayAfterMs && chosen === OperatorStatus.online
            ? OperatorStatus.away
            : null;
      if (!target || target === r.status) continue;
      // conditional on what was read: a status set in between (by the operator, logout, working hours) wins
      const [, affected] = (await this.db.query(
        `UPDATE operators SET status = $2, presence_chosen = $3
         WHERE id = $1 AND status = $4 AND presence_chosen IS NOT DISTINCT FROM $5 AND presence_gone_at IS NOT NULL`,
        [r.id, target, chosen, r.status, r.presence_chosen],
      )) as [unknown, number];
      if (!affected) continue;
      done[target === OperatorStatus.offline ? 'offline' : 'away']++;
      this.logger.log(`presence: operator ${r.id} has had no connection for ${Math.round(r.gone_ms / 1000)} s and is now ${target}`);
      await this.announce(r.workspace_id, r.id, target);
    }
    return done;
  }

  private async announce(workspaceId: string, operatorId: string, status: OperatorStatus): Promise<void> {
    const e = { kind: 'status' as const, workspaceId, operatorId, status };
    await Promise.all([this.bus.publish(Topics.operators(workspaceId), e), this.bus.publish(Topics.operatorsAll, e)]);
  }
}
