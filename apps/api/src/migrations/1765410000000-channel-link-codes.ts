import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue #10, SPEC A2 (`/start <code>` deep links): a short-lived, single-use code that names a
 * known contact, handed out in a link to one channel (the web chat's "continue in Telegram", an
 * operator's invitation). Whoever writes in on that channel with the code becomes that contact.
 * Only the code's SHA-256 is kept; `used_by` is the channel identity that used it.
 */
export class ChannelLinkCodes1765410000000 implements MigrationInterface {
  name = 'ChannelLinkCodes1765410000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE channel_link_codes (
        code_hash text PRIMARY KEY CHECK (length(code_hash) = 64),
        workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        channel_id uuid NOT NULL REFERENCES channels(id) ON DELETE CASCADE,
        contact_id uuid NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
        created_by text NOT NULL CHECK (length(created_by) BETWEEN 1 AND 100),
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        expires_at timestamptz(3) NOT NULL,
        used_at timestamptz(3),
        used_by text CHECK (length(used_by) <= 320)
      );
      CREATE INDEX channel_link_codes_expires_idx ON channel_link_codes (expires_at);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE channel_link_codes`);
  }
}
