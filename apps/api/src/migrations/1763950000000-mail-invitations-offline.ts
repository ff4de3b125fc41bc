import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issues 3 and 4 (SPEC B8, C2, C7, C8): operator invitations by e-mail, the web chat offline form
 * and mail settings, the fields the offline form stores on the contact, answers e-mailed to
 * visitors who left, and double opt-in marketing consent.
 */
export class MailInvitationsOffline1763950000000 implements MigrationInterface {
  name = 'MailInvitationsOffline1763950000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE invitations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        email text NOT NULL,
        role text NOT NULL,
        token_hash text NOT NULL UNIQUE,
        invited_by uuid REFERENCES operators(id) ON DELETE SET NULL,
        expires_at timestamptz(3) NOT NULL,
        accepted_at timestamptz(3),
        accepted_operator_id uuid REFERENCES operators(id) ON DELETE SET NULL,
        revoked_at timestamptz(3),
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now()
      );
      CREATE INDEX invitations_workspace_idx ON invitations (workspace_id, created_at DESC, id DESC);
      -- one open invitation per address and workspace
      CREATE UNIQUE INDEX invitations_open_email_key ON invitations (workspace_id, lower(email)) WHERE accepted_at IS NULL AND revoked_at IS NULL;

      CREATE TABLE webchat_mail_settings (
        channel_id uuid PRIMARY KEY REFERENCES channels(id) ON DELETE CASCADE,
        workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        settings jsonb NOT NULL DEFAULT '{}',
        updated_at timestamptz(3) NOT NULL DEFAULT now()
      );

      ALTER TABLE contacts
        ADD COLUMN form_details jsonb,
        ADD COLUMN marketing_consent_at timestamptz(3);

      CREATE TABLE offline_submissions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        channel_id uuid NOT NULL REFERENCES channels(id) ON DELETE CASCADE,
        visitor_id uuid NOT NULL REFERENCES visitors(id) ON DELETE CASCADE,
        conversation_id uuid REFERENCES conversations(id) ON DELETE SET NULL,
        client_id text NOT NULL,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        CONSTRAINT offline_submissions_visitor_client_key UNIQUE (visitor_id, client_id)
      );
      CREATE INDEX offline_submissions_visitor_idx ON offline_submissions (visitor_id, created_at DESC);
      CREATE INDEX offline_submissions_channel_idx ON offline_submissions (channel_id, created_at DESC);

      -- SPEC C7: the highest operator message seq already e-mailed to the visitor
      CREATE TABLE conversation_reply_emails (
        conversation_id uuid PRIMARY KEY REFERENCES conversations(id) ON DELETE CASCADE,
        workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        emailed_seq integer NOT NULL DEFAULT 0,
        updated_at timestamptz(3) NOT NULL DEFAULT now()
      );

      CREATE TABLE marketing_consents (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        contact_id uuid NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
        channel_id uuid REFERENCES channels(id) ON DELETE SET NULL,
        email text NOT NULL,
        expires_at timestamptz(3) NOT NULL,
        confirmed_at timestamptz(3),
        created_at timestamptz(3) NOT NULL DEFAULT now()
      );
      CREATE INDEX marketing_consents_contact_idx ON marketing_consents (contact_id, created_at DESC);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE marketing_consents, conversation_reply_emails, offline_submissions, webchat_mail_settings, invitations;
      ALTER TABLE contacts DROP COLUMN marketing_consent_at, DROP COLUMN form_details;
    `);
  }
}
