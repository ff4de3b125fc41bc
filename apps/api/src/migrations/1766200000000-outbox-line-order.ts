import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue #10: deliveries of one target whose kind goes out in order (a conversation's replies on
 * its channel) are sent one after the other, oldest first. `line_seq` is that order — the order
 * the rows were written, also within one transaction, where `created_at` is the same for all —
 * and the index finds the oldest queued row of a target.
 */
export class OutboxLineOrder1766200000000 implements MigrationInterface {
  name = 'OutboxLineOrder1766200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE outbound_deliveries ADD COLUMN line_seq bigserial NOT NULL`);
    await q.query(`CREATE INDEX outbound_deliveries_line ON outbound_deliveries (target, line_seq) WHERE state = 'queued'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX outbound_deliveries_line`);
    await q.query(`ALTER TABLE outbound_deliveries DROP COLUMN line_seq`);
  }
}
