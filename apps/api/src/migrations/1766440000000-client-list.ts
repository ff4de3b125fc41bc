import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue #11 (E2): the Clients page — `clients(filter, first, after)`, newest first by
 * (created_at DESC, id DESC), a key that never changes, so pages stay free of duplicates and gaps
 * while clients are edited. The indexes match its filters:
 *
 * - the first page and created-date ranges walk contacts_workspace_created_idx (initial schema);
 * - owner (and unassigned: owner_id IS NULL) walks (workspace_id, owner_id, created_at, id), which
 *   replaces the owner index of 1764000000000;
 * - tags: a common tag walks the created index probing contact_tags' primary key (contact_id,
 *   tag_id); a rare one starts from contact_tags_tag_idx and sorts the few rows;
 * - custom fields: the same two ways over client_custom_values' primary key and its per-type
 *   indexes (a boolean one added here);
 * - free text: `search_text` (lower-case name, e-mail, and the phone's digits) with a pg_trgm GIN
 *   index for substring matches (`LIKE '%…%'`, at least 3 characters).
 */
export class ClientList1766440000000 implements MigrationInterface {
  name = 'ClientList1766440000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE EXTENSION IF NOT EXISTS pg_trgm;
      ALTER TABLE contacts ADD COLUMN search_text text GENERATED ALWAYS AS (
        lower(coalesce(name, '') || ' ' || coalesce(email, '') || ' ' || regexp_replace(coalesce(phone, ''), '[^0-9]', '', 'g'))
      ) STORED;
      CREATE INDEX contacts_search_text_idx ON contacts USING gin (search_text gin_trgm_ops);
      CREATE INDEX contacts_owner_list_idx ON contacts (workspace_id, owner_id, created_at DESC, id DESC);
      DROP INDEX IF EXISTS contacts_owner_idx;
      CREATE INDEX client_custom_values_bool_idx ON client_custom_values (field_id, value_bool) WHERE value_bool IS NOT NULL;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP INDEX client_custom_values_bool_idx;
      CREATE INDEX contacts_owner_idx ON contacts (workspace_id, owner_id) WHERE owner_id IS NOT NULL;
      DROP INDEX contacts_owner_list_idx;
      DROP INDEX contacts_search_text_idx;
      ALTER TABLE contacts DROP COLUMN search_text;
    `);
  }
}
