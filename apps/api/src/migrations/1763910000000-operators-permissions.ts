import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 4 (SPEC B1, B2, F1): operator profile (languages, stored avatar), deactivation,
 * permission groups with members, and failed logins for the brute-force limit.
 * Additive only: other work adds its own operator columns.
 */
export class OperatorsPermissions1763910000000 implements MigrationInterface {
  name = 'OperatorsPermissions1763910000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE operators
        ADD COLUMN active boolean NOT NULL DEFAULT true,
        ADD COLUMN deactivated_at timestamptz(3),
        ADD COLUMN languages text[] NOT NULL DEFAULT '{}';
      CREATE INDEX operators_admins_idx ON operators (workspace_id) WHERE role = 'admin' AND active;

      CREATE TABLE operator_avatars (
        operator_id uuid PRIMARY KEY REFERENCES operators(id) ON DELETE CASCADE,
        workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        content_type text NOT NULL CHECK (content_type IN ('image/png', 'image/jpeg', 'image/webp')),
        data bytea NOT NULL CHECK (octet_length(data) <= 65536),
        version text NOT NULL,
        updated_at timestamptz(3) NOT NULL DEFAULT now()
      );

      CREATE TABLE permission_groups (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        name text NOT NULL,
        permissions text[] NOT NULL DEFAULT '{}',
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now()
      );
      CREATE UNIQUE INDEX permission_groups_name_key ON permission_groups (workspace_id, lower(name));

      CREATE TABLE permission_group_members (
        group_id uuid NOT NULL REFERENCES permission_groups(id) ON DELETE CASCADE,
        operator_id uuid NOT NULL REFERENCES operators(id) ON DELETE CASCADE,
        workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        PRIMARY KEY (group_id, operator_id)
      );
      CREATE INDEX permission_group_members_operator_idx ON permission_group_members (operator_id);

      CREATE TABLE login_failures (
        id bigserial PRIMARY KEY,
        key text NOT NULL,
        at timestamptz(3) NOT NULL DEFAULT now()
      );
      CREATE INDEX login_failures_key_idx ON login_failures (key, at);
      CREATE INDEX login_failures_at_idx ON login_failures (at);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE login_failures;
      DROP TABLE permission_group_members;
      DROP TABLE permission_groups;
      DROP TABLE operator_avatars;
      DROP INDEX operators_admins_idx;
      ALTER TABLE operators DROP COLUMN languages, DROP COLUMN deactivated_at, DROP COLUMN active;
    `);
  }
}
