import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * SPEC F4: the audit log filtered by actor or by action, newest first with a (created_at, id)
 * keyset, reads one index range each (the unfiltered and date-range pages use
 * audit_log_workspace_idx).
 */
export class AuditLogFilters1764047000000 implements MigrationInterface {
  name = 'AuditLogFilters1764047000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX audit_log_actor_idx ON audit_log (workspace_id, actor_id, created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX audit_log_action_idx ON audit_log (workspace_id, action, created_at DESC, id DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX audit_log_action_idx`);
    await q.query(`DROP INDEX audit_log_actor_idx`);
  }
}
