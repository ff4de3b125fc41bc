import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue #16 (finding 13): an operator e-mail is unique per workspace, not across the install — a
 * person may work for two companies on one Parley, and an admin must not learn that an address
 * exists in another workspace. E-mails stay stored as typed (trimmed) and compared by lower(),
 * as before. Sign-in looks an e-mail up across workspaces, hence the plain index on lower(email).
 */
export class OperatorEmailPerWorkspace1764052000000 implements MigrationInterface {
  name = 'OperatorEmailPerWorkspace1764052000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE UNIQUE INDEX operators_workspace_email_key ON operators (workspace_id, lower(email))`);
    await q.query(`CREATE INDEX operators_email_idx ON operators (lower(email))`);
    await q.query(`DROP INDEX operators_email_key`);
  }

  async down(q: QueryRunner): Promise<void> {
    // fails while one address is used in two workspaces: that data cannot go back to global uniqueness
    await q.query(`CREATE UNIQUE INDEX operators_email_key ON operators (lower(email))`);
    await q.query(`DROP INDEX operators_email_idx`);
    await q.query(`DROP INDEX operators_workspace_email_key`);
  }
}
