import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue #9: the outbox. One row per message that leaves Parley (an e-mail today; Telegram and
 * WhatsApp tomorrow), written in the transaction of what causes it and drained by the
 * `deliver-outbound` job. `claimed_until`: a worker holds the row while it sends (a conditional
 * UPDATE claims it, so two workers never both send); `dedupe_key`: one row per repeated cause.
 */
export class OutboundDeliveries1764071000000 implements MigrationInterface {
  name = 'OutboundDeliveries1764071000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE outbound_deliveries (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        workspace_id uuid REFERENCES workspaces(id) ON DELETE CASCADE,
        kind text NOT NULL,
        target text NOT NULL,
        payload jsonb NOT NULL,
        dedupe_key text,
        state text NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'sent', 'delivered', 'read', 'failed')),
        failure_reason text,
        attempts int NOT NULL DEFAULT 0,
        max_attempts int NOT NULL DEFAULT 5,
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        claimed_until timestamptz,
        external_id text,
        sent_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX outbound_deliveries_dedupe ON outbound_deliveries (kind, dedupe_key) WHERE dedupe_key IS NOT NULL`);
    await q.query(`CREATE INDEX outbound_deliveries_due ON outbound_deliveries (next_attempt_at) WHERE state = 'queued'`);
    await q.query(`CREATE INDEX outbound_deliveries_workspace ON outbound_deliveries (workspace_id, created_at DESC)`);
    await q.query(`CREATE INDEX outbound_deliveries_external ON outbound_deliveries (kind, external_id) WHERE external_id IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE outbound_deliveries`);
  }
}
