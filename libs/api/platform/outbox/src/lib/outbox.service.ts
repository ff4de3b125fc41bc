import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { QueueName, QueueService } from '@parley/api/platform/queue';
import { DataSource, EntityManager, EntitySubscriberInterface, QueryRunner, TransactionCommitEvent, TransactionRollbackEvent } from 'typeorm';
import { DELIVER_OUTBOUND_JOB, DeliverOutboundJobData, NewOutboundDelivery } from './outbound-delivery';
import { AppConfig } from '@parley/api/platform/config';

/** How long publishing one delivery may take before it is left to the sweep. */
const PUBLISH_TIMEOUT_MS = 3000;

/**
 * The producer side of the outbox. `enqueue` writes the delivery row with the caller's manager, so
 * it commits or rolls back with whatever caused it; once that transaction has committed, the row's
 * id is published to the `outbox` queue. A crash between the commit and the publish leaves a
 * queued row, which the sweep (`sweep-outbound`) publishes again.
 */
@Injectable()
export class OutboxService implements OnModuleInit, EntitySubscriberInterface {
  private readonly logger = new Logger('Outbox');
  /** Ids written inside a transaction that has not committed yet, per connection. */
  private readonly pending = new WeakMap<QueryRunner, string[]>();

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly queue: QueueService,
    private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    // an entity subscriber without entities: TypeORM tells it about every commit and rollback
    this.db.subscribers.push(this);
  }

  /** Writes one delivery (none when `dedupeKey` was used before for this kind). Returns its id, or null for a duplicate. */
  async enqueue(d: NewOutboundDelivery, manager?: EntityManager): Promise<string | null> {
    const m = manager ?? this.db.manager;
    const rows: Array<{ id: string }> = await m.query(
      `INSERT INTO outbound_deliveries (workspace_id, kind, target, payload, dedupe_key, max_attempts)
       VALUES ($1, $2, $3, $4::jsonb, $5, $6)
       ON CONFLICT (kind, dedupe_key) WHERE dedupe_key IS NOT NULL DO NOTHING RETURNING id`,
      [d.workspaceId ?? null, d.kind, d.target.slice(0, 1000), JSON.stringify(d.payload ?? null), d.dedupeKey ?? null, this.config.outbox.maxAttempts],
    );
    const id = rows[0]?.id;
    if (!id) return null;
    const qr = m.queryRunner;
    if (qr?.isTransactionActive) {
      const list = this.pending.get(qr) ?? [];
      list.push(id);
      this.pending.set(qr, list);
    } else {
      await this.publish([id]);
    }
    return id;
  }

  /** Puts delivery jobs on the queue. A failure is logged, not thrown: the row is committed and the sweep publishes it again. */
  async publish(ids: string[], jobIdSuffix = '0', delayMs?: number): Promise<void> {
    if (process.env['PARLEY_OUTBOX_FAULT'] === 'kill-after-commit' && process.env['NODE_ENV'] !== 'production') {
      // test hook (outbox-crash spec), never honoured in production: the process dies after the commit, before anything is published
      process.kill(process.pid, 'SIGKILL');
    }
    for (const id of ids) {
      try {
        const added = this.queue.add<DeliverOutboundJobData>(QueueName.outbox, DELIVER_OUTBOUND_JOB, { id }, { jobId: `outbound-${id}-${jobIdSuffix}`, delayMs, attempts: 3 });
        // a queue first used while Redis is down waits for it: the committed cause's request must not (the sweep covers the row)
        let timer: NodeJS.Timeout | undefined;
        const timeout = new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`the queue did not answer within ${PUBLISH_TIMEOUT_MS} ms`)), PUBLISH_TIMEOUT_MS);
        });
        added.catch(() => undefined);
        try {
          await Promise.race([added, timeout]);
        } finally {
          clearTimeout(timer);
        }
      } catch (e) {
        this.logger.warn(`delivery ${id} not published (the sweep will pick it up): ${(e as Error).message}`);
      }
    }
  }

  async afterTransactionCommit(event: TransactionCommitEvent): Promise<void> {
    const qr = event.queryRunner;
    // a released savepoint is not the commit yet
    if (qr.isTransactionActive) return;
    const ids = this.pending.get(qr);
    if (!ids?.length) return;
    this.pending.delete(qr);
    await this.publish(ids);
  }

  afterTransactionRollback(event: TransactionRollbackEvent): void {
    if (!event.queryRunner.isTransactionActive) this.pending.delete(event.queryRunner);
  }
}
