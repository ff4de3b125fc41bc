import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AppConfig } from '@parley/api/platform/config';
import { JobHandler, JobProcessor, QueueName } from '@parley/api/platform/queue';
import { DataSource } from 'typeorm';
import { DELIVER_OUTBOUND_JOB, DeliverOutboundJobData, isPermanentDeliveryError, OutboundDelivery, outboundBackoffMs, retryAfterOf, rowToDelivery, SWEEP_OUTBOUND_JOB } from './outbound-delivery';
import { OutboundSenderRegistry } from './outbound-sender';
import { OutboxService } from './outbox.service';


export type DeliverOutcome = 'sent' | 'retry' | 'failed' | 'skipped';

/**
 * The consumer side: claims one queued delivery with a conditional UPDATE (only one worker wins it,
 * however many race), hands it to the sender of its kind, and records the outcome: sent with the
 * provider's id, a retry after exponential backoff, or failed with the reason after the last attempt.
 */
@Injectable()
export class OutboxDrainer {
  private readonly logger = new Logger('Outbox');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly senders: OutboundSenderRegistry,
    private readonly outbox: OutboxService,
    private readonly config: AppConfig,
  ) {}

  async deliver(id: string): Promise<DeliverOutcome> {
    const claimed: unknown[] = await this.db.query(
      `UPDATE outbound_deliveries d
       SET attempts = attempts + 1, claimed_until = now() + $2 * interval '1 millisecond', updated_at = now()
       WHERE id = $1 AND state = 'queued' AND next_attempt_at <= now() + interval '1 second'
         AND (claimed_until IS NULL OR claimed_until < now())
         -- an ordered kind waits for the older queued rows of its target (sending, or waiting to retry);
         -- the row that finishes publishes the next one (deliver → next)
         AND NOT (d.kind = ANY($3::text[]) AND EXISTS (
           SELECT 1 FROM outbound_deliveries o WHERE o.target = d.target AND o.state = 'queued' AND o.line_seq < d.line_seq AND o.kind = ANY($3::text[])))
       RETURNING *`,
      // held by this worker while it sends (OUTBOX_CLAIM_MS): a crash mid-send frees the row after that
      [id, this.config.outbox.claimMs, this.senders.orderedKinds()],
    );
    // UPDATE … RETURNING through TypeORM's postgres driver answers [rows, count]
    const row = (Array.isArray(claimed[0]) ? (claimed[0] as unknown[])[0] : claimed[0]) as Record<string, unknown> | undefined;
    if (!row) return 'skipped';
    const d = rowToDelivery(row);
    const sender = this.senders.get(d.kind);
    if (!sender) return this.fail(d, `no sender for delivery kind "${d.kind}"`, true);
    try {
      const { externalId } = await sender.deliver(d);
      await this.finish(d,
        `UPDATE outbound_deliveries SET state = 'sent', external_id = $2, failure_reason = NULL, claimed_until = NULL, sent_at = now(), updated_at = now() WHERE id = $1`,
        [d.id, externalId ?? null],
      );
      this.logger.debug(`delivery ${d.id} (${d.kind}) sent as ${externalId ?? '(no id)'} after ${d.attempts} attempt(s)`);
      return 'sent';
    } catch (e) {
      return this.fail(d, (e as Error)?.message || String(e), isPermanentDeliveryError(e), retryAfterOf(e));
    }
  }

  /**
   * An operator's "Retry" of a failed delivery: queued again with a fresh attempt budget. False
   * when it is not failed (already retried, sent, or another workspace's).
   */
  async retry(id: string, workspaceId: string): Promise<boolean> {
    const rows: unknown[] = await this.db.query(
      `UPDATE outbound_deliveries SET state = 'queued', attempts = 0, failure_reason = NULL, next_attempt_at = now(), claimed_until = NULL, updated_at = now()
       WHERE id = $1 AND workspace_id = $2 AND state = 'failed' RETURNING id`,
      [id, workspaceId],
    );
    const row = Array.isArray(rows[0]) ? (rows[0] as unknown[])[0] : rows[0];
    if (!row) return false;
    await this.outbox.publish([id], `retry-${Date.now()}`);
    return true;
  }

  private async fail(d: OutboundDelivery, reason: string, final: boolean, retryAfterMs?: number): Promise<DeliverOutcome> {
    const text = reason.slice(0, 1000);
    if (final || d.attempts >= d.maxAttempts) {
      await this.finish(d, `UPDATE outbound_deliveries SET state = 'failed', failure_reason = $2, claimed_until = NULL, updated_at = now() WHERE id = $1`, [d.id, text]);
      this.logger.error(`delivery ${d.id} (${d.kind} to ${d.target}) failed for good after ${d.attempts} attempt(s): ${text}`);
      const hook = this.senders.get(d.kind)?.failed;
      if (hook) {
        try {
          await hook.call(this.senders.get(d.kind), d, text);
        } catch (e) {
          // the row says failed; the hook (the message's mark) is reported, not lost silently
          this.logger.error(`delivery ${d.id}: marking its cause failed did not work: ${(e as Error).message}`);
        }
      }
      return 'failed';
    }
    const waitMs = retryAfterMs ?? outboundBackoffMs(d.attempts, this.config.outbox.retryBaseMs);
    await this.db.query(
      `UPDATE outbound_deliveries SET failure_reason = $2, claimed_until = NULL, next_attempt_at = now() + $3 * interval '1 millisecond', updated_at = now() WHERE id = $1`,
      [d.id, text, waitMs],
    );
    this.logger.warn(`delivery ${d.id} (${d.kind}) attempt ${d.attempts}/${d.maxAttempts} failed, retrying in ${waitMs} ms: ${text}`);
    await this.outbox.publish([d.id], String(d.attempts), waitMs);
    return 'retry';
  }

  /**
   * Records a delivery's end (`update`, whose `$1` is the row's id) and, for an ordered kind, in the
   * same statement finds the next queued row of its target, which waited for this one: it is
   * published now (a job id of its own — its first job may be done already, having found this row
   * in its way).
   */
  private async finish(d: OutboundDelivery, update: string, params: unknown[]): Promise<void> {
    const ordered = this.senders.orderedKinds();
    if (!ordered.includes(d.kind)) {
      await this.db.query(update, params);
      return;
    }
    const next: Array<{ id: string }> = await this.db.query(
      `WITH done AS (${update} RETURNING target, line_seq)
       SELECT o.id FROM outbound_deliveries o, done
        WHERE o.target = done.target AND o.state = 'queued' AND o.line_seq > done.line_seq AND o.kind = ANY($${params.length + 1}::text[])
        ORDER BY o.line_seq LIMIT 1`,
      [...params, ordered],
    );
    if (next[0]) await this.outbox.publish([next[0].id], `after-${d.id}`);
  }

  /** Queued rows that are due and held by nobody: published again (their job was lost in a crash or a Redis outage). */
  async sweep(limit = 500): Promise<number> {
    const rows: Array<{ id: string }> = await this.db.query(
      `SELECT id FROM outbound_deliveries
       WHERE state = 'queued' AND next_attempt_at <= now() - interval '2 seconds' AND (claimed_until IS NULL OR claimed_until < now())
       ORDER BY next_attempt_at LIMIT $1`,
      [limit],
    );
    if (rows.length) {
      this.logger.log(`sweep: publishing ${rows.length} queued delivery(ies) again`);
      await this.outbox.publish(rows.map((r) => r.id), `sweep-${Date.now()}`);
    }
    return rows.length;
  }
}

@Injectable()
@JobProcessor({ queue: QueueName.outbox, name: DELIVER_OUTBOUND_JOB })
export class DeliverOutboundJob implements JobHandler<DeliverOutboundJobData> {
  constructor(private readonly drainer: OutboxDrainer) {}

  async handle(data: DeliverOutboundJobData): Promise<void> {
    await this.drainer.deliver(data.id);
  }
}

@Injectable()
@JobProcessor({ queue: QueueName.maintenance, name: SWEEP_OUTBOUND_JOB })
export class SweepOutboundJob implements JobHandler {
  constructor(private readonly drainer: OutboxDrainer) {}

  async handle(): Promise<void> {
    await this.drainer.sweep();
  }
}
