import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { JobHandler, JobProcessor, QueueName } from '@parley/api/platform/queue';
import { EVENT_BUS, EventBus, Topics } from '@parley/api/platform/realtime';
import { OperatorStatus } from '@parley/shared/contracts';
import { DataSource } from 'typeorm';
import { isValidTimeZone, isWithinWorkingHours, WorkingHours } from './working-hours';

export const APPLY_WORKING_HOURS_JOB = 'apply-working-hours';
export const APPLY_WORKING_HOURS_EVERY_MS = 60_000;
export type ApplyWorkingHoursJobData = { now?: string };

/**
 * SPEC B6: operators whose working hours switch them automatically go online when their hours
 * start and offline when they end. Only at the boundaries (the last state is stored), so a manual
 * change in between stays. Enqueued every minute.
 */
@Injectable()
@JobProcessor({ queue: QueueName.maintenance, name: APPLY_WORKING_HOURS_JOB })
export class ApplyWorkingHoursJob implements JobHandler<ApplyWorkingHoursJobData> {
  private readonly logger = new Logger(ApplyWorkingHoursJob.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(EVENT_BUS) private readonly bus: EventBus,
  ) {}

  async handle(data: ApplyWorkingHoursJobData): Promise<void> {
    const now = data.now ? new Date(data.now) : new Date();
    const rows: Array<{ id: string; workspace_id: string; status: OperatorStatus; presence_chosen: OperatorStatus | null; working_hours: WorkingHours; working_hours_inside: boolean | null }> = await this.db.query(
      `SELECT id, workspace_id, status, presence_chosen, working_hours, working_hours_inside FROM operators WHERE active AND working_hours IS NOT NULL AND (working_hours->>'auto')::boolean`,
    );
    for (const op of rows) {
      if (!isValidTimeZone(op.working_hours.timezone)) continue;
      const inside = isWithinWorkingHours(op.working_hours, now);
      if (inside === op.working_hours_inside) continue;
      // an operator set Away/Offline automatically for having no connection (issue #17) stays so while
      // hours start (connecting restores them); hours ending is a real Offline, which connecting keeps
      const automatic = op.presence_chosen !== null;
      const next = inside ? (op.status === OperatorStatus.offline && !automatic ? OperatorStatus.online : op.status) : OperatorStatus.offline;
      // conditional on the state read, so two runs of the same minute change it once
      const [, affected] = await this.db.query(
        `UPDATE operators SET working_hours_inside = $2, status = $3,
           presence_chosen = CASE WHEN $2 THEN presence_chosen END,
           presence_gone_at = CASE WHEN status = $3 THEN presence_gone_at END
         WHERE id = $1 AND working_hours_inside IS NOT DISTINCT FROM $4`,
        [op.id, inside, next, op.working_hours_inside],
      );
      if (!affected || next === op.status) continue;
      this.logger.log(`working hours: operator ${op.id} is now ${next}`);
      const e = { kind: 'status', workspaceId: op.workspace_id, operatorId: op.id, status: next };
      await Promise.all([this.bus.publish(Topics.operators(op.workspace_id), e), this.bus.publish(Topics.operatorsAll, e)]);
    }
  }
}
