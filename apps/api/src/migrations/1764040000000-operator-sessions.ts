import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue #16: a sign-in is a session; its id travels in the access token (`sid`) and every refresh
 * token of the session carries it, so ending a session (logout, password change, deactivation)
 * refuses its access tokens at once, not only when they expire.
 */
export class OperatorSessions1764040000000 implements MigrationInterface {
  name = 'OperatorSessions1764040000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE operator_sessions (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      workspace_id uuid NOT NULL,
      operator_id uuid NOT NULL REFERENCES operators(id) ON DELETE CASCADE,
      created_at timestamptz NOT NULL DEFAULT now(),
      ended_at timestamptz
    )`);
    await q.query(`CREATE INDEX operator_sessions_live_idx ON operator_sessions (operator_id) WHERE ended_at IS NULL`);
    await q.query(`ALTER TABLE refresh_tokens ADD COLUMN session_id uuid REFERENCES operator_sessions(id) ON DELETE CASCADE`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE refresh_tokens DROP COLUMN session_id`);
    await q.query(`DROP TABLE operator_sessions`);
  }
}
