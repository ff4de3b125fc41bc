import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * SPEC C3 / E8 and the widget's public API: contacts' external ids (Parley.identify), what a
 * visitor told about themselves, their cart, the channel's identity secret, visits and their page
 * views / custom events.
 */
export class WidgetVisits1763940000000 implements MigrationInterface {
  name = 'WidgetVisits1763940000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE contacts ADD COLUMN external_id text CHECK (char_length(external_id) <= 200);
      CREATE UNIQUE INDEX contacts_external_id_idx ON contacts (workspace_id, external_id) WHERE external_id IS NOT NULL;
      CREATE INDEX contacts_email_idx ON contacts (workspace_id, lower(email)) WHERE email IS NOT NULL;
      ALTER TABLE visitors
        ADD COLUMN verified boolean NOT NULL DEFAULT false,
        ADD COLUMN unverified_identity jsonb,
        ADD COLUMN cart jsonb,
        ADD COLUMN cart_updated_at timestamptz(3),
        ADD COLUMN country text,
        ADD COLUMN city text;
      CREATE TABLE webchat_identity_secrets (
        channel_id uuid PRIMARY KEY REFERENCES channels(id) ON DELETE CASCADE,
        workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        secret text NOT NULL,
        created_at timestamptz(3) NOT NULL DEFAULT now()
      );
      CREATE TABLE visits (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        channel_id uuid NOT NULL REFERENCES channels(id) ON DELETE CASCADE,
        visitor_id uuid NOT NULL REFERENCES visitors(id) ON DELETE CASCADE,
        started_at timestamptz(3) NOT NULL DEFAULT now(),
        last_seen_at timestamptz(3) NOT NULL DEFAULT now(),
        page_views integer NOT NULL DEFAULT 0,
        events_stored integer NOT NULL DEFAULT 0,
        current_url text,
        current_title text,
        landing_url text,
        referrer text,
        utm_source text,
        utm_medium text,
        utm_campaign text,
        browser text,
        os text,
        language text,
        screen text,
        country text,
        city text
      );
      CREATE INDEX visits_visitor_idx ON visits (visitor_id, started_at DESC);
      CREATE TABLE visit_events (
        id bigserial PRIMARY KEY,
        workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        visit_id uuid NOT NULL REFERENCES visits(id) ON DELETE CASCADE,
        kind text NOT NULL CHECK (kind IN ('page', 'event')),
        url text CHECK (char_length(url) <= 2000),
        title text CHECK (char_length(title) <= 300),
        name text CHECK (char_length(name) <= 64),
        data jsonb,
        created_at timestamptz(3) NOT NULL DEFAULT now()
      );
      CREATE INDEX visit_events_visit_idx ON visit_events (visit_id, id DESC);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE visit_events, visits, webchat_identity_secrets;
      ALTER TABLE visitors DROP COLUMN verified, DROP COLUMN unverified_identity, DROP COLUMN cart, DROP COLUMN cart_updated_at, DROP COLUMN country, DROP COLUMN city;
      DROP INDEX IF EXISTS contacts_email_idx;
      DROP INDEX IF EXISTS contacts_external_id_idx;
      ALTER TABLE contacts DROP COLUMN external_id;
    `);
  }
}
