import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * SPEC C6: contacts get an owner (an operator) and tags from the workspace tag catalog (`tags`,
 * until now used by conversations only). The web chat applies a channel's configured tag and owner
 * to every contact it acquires.
 *
 * `contacts_owner_idx` serves "contacts of this owner" lists and the owner's deletion
 * (ON DELETE SET NULL); `contact_tags_tag_idx` serves "contacts with this tag" and tag deletion.
 */
export class ContactAcquisition1764000000000 implements MigrationInterface {
  name = 'ContactAcquisition1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE contacts ADD COLUMN owner_id uuid REFERENCES operators(id) ON DELETE SET NULL;
      CREATE INDEX contacts_owner_idx ON contacts (workspace_id, owner_id) WHERE owner_id IS NOT NULL;

      CREATE TABLE contact_tags (
        contact_id uuid NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
        tag_id uuid NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
        workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        PRIMARY KEY (contact_id, tag_id)
      );
      CREATE INDEX contact_tags_tag_idx ON contact_tags (workspace_id, tag_id, contact_id);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE contact_tags;
      DROP INDEX contacts_owner_idx;
      ALTER TABLE contacts DROP COLUMN owner_id;
    `);
  }
}
