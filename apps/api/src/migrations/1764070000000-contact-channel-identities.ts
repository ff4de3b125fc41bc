import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue #9: who a contact is on each channel kind (a web chat visitor id today; an e-mail address,
 * a Telegram user id, a WhatsApp number with the coming channels). Backfilled from the visitors
 * that have a contact. Contacts' e-mail fields are not backfilled as identities: they are profile
 * data typed by operators and forms (two contacts may share one until merged); e-mail identities
 * come with the e-mail channel, from the addresses that actually wrote in.
 */
export class ContactChannelIdentities1764070000000 implements MigrationInterface {
  name = 'ContactChannelIdentities1764070000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE contact_channel_identities (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        contact_id uuid NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
        kind text NOT NULL CHECK (length(kind) BETWEEN 1 AND 32),
        channel_id uuid REFERENCES channels(id) ON DELETE SET NULL,
        external_id text NOT NULL CHECK (length(external_id) BETWEEN 1 AND 320),
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now(),
        CONSTRAINT contact_channel_identities_external_uq UNIQUE (workspace_id, kind, external_id)
      );
      CREATE INDEX contact_channel_identities_contact_idx ON contact_channel_identities (contact_id);
      INSERT INTO contact_channel_identities (workspace_id, contact_id, kind, channel_id, external_id, created_at)
        SELECT v.workspace_id, v.contact_id, 'webchat', v.channel_id, v.id::text, v.created_at
          FROM visitors v JOIN contacts c ON c.id = v.contact_id AND c.workspace_id = v.workspace_id
        ON CONFLICT DO NOTHING;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE contact_channel_identities`);
  }
}
