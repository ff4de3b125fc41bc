import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue #11 (E1): tags get a colour; a client's tag can be pinned (shown by the client's name,
 * sorted first); admins rename, recolour or delete a tag for every client through a background
 * job (`tag_jobs`). At most one job runs per workspace (`tag_jobs_running_key`): while it runs,
 * other tag edits are refused. `contact_tags_contact_idx` serves a client's tags (pinned first)
 * and the inbox filter by client tags; the delete job walks `contact_tags_tag_idx`.
 */
export class TagAdmin1766430000000 implements MigrationInterface {
  name = 'TagAdmin1766430000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE tags ADD COLUMN color text NOT NULL DEFAULT '#5c6bc0' CHECK (color ~ '^#[0-9a-f]{6}$');
      ALTER TABLE contact_tags ADD COLUMN pinned boolean NOT NULL DEFAULT false;
      CREATE INDEX conversation_tags_workspace_tag_idx ON conversation_tags (workspace_id, tag_id, conversation_id);

      CREATE TABLE tag_jobs (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        tag_id uuid NOT NULL,
        kind text NOT NULL CHECK (kind IN ('update', 'delete')),
        old_name text NOT NULL,
        old_color text NOT NULL,
        name text,
        color text,
        state text NOT NULL DEFAULT 'running' CHECK (state IN ('running', 'done', 'failed')),
        clients integer NOT NULL DEFAULT 0,
        conversations integer NOT NULL DEFAULT 0,
        processed integer NOT NULL DEFAULT 0,
        error text,
        actor_id uuid REFERENCES operators(id) ON DELETE SET NULL,
        actor_name text,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now(),
        finished_at timestamptz(3)
      );
      CREATE UNIQUE INDEX tag_jobs_running_key ON tag_jobs (workspace_id) WHERE state = 'running';
      CREATE INDEX tag_jobs_list_idx ON tag_jobs (workspace_id, created_at DESC);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE tag_jobs;
      DROP INDEX conversation_tags_workspace_tag_idx;
      ALTER TABLE contact_tags DROP COLUMN pinned;
      ALTER TABLE tags DROP COLUMN color;
    `);
  }
}
