import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue #11 (E7): the AI conversation summary. `ai_settings` holds a workspace's OpenAI-compatible
 * endpoint (the API key sealed with the stored-secrets key, never shown); `client_summaries` the one
 * saved summary per client with the period it covers and the newest message it used (a refresh sends
 * only what came after); `client_summary_runs` each "Summarise" as a queued job with its stage or
 * error — at most one runs per client (`client_summary_runs_active_key`).
 */
export class AiSummary1766500000000 implements MigrationInterface {
  name = 'AiSummary1766500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE ai_settings (
        workspace_id uuid PRIMARY KEY REFERENCES workspaces(id) ON DELETE CASCADE,
        summary_enabled boolean NOT NULL DEFAULT false,
        base_url text NOT NULL CHECK (length(base_url) <= 500),
        api_key jsonb,
        model text NOT NULL CHECK (length(model) BETWEEN 1 AND 200),
        token_budget integer NOT NULL CHECK (token_budget BETWEEN 1000 AND 1000000),
        updated_by uuid REFERENCES operators(id) ON DELETE SET NULL,
        updated_at timestamptz(3) NOT NULL DEFAULT now()
      );

      CREATE TABLE client_summaries (
        contact_id uuid PRIMARY KEY REFERENCES contacts(id) ON DELETE CASCADE,
        workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        text text NOT NULL,
        period_from timestamptz(3) NOT NULL,
        period_to timestamptz(3) NOT NULL,
        last_message_at timestamptz(3) NOT NULL,
        last_message_id uuid NOT NULL,
        messages_used integer NOT NULL,
        older_left_out boolean NOT NULL,
        language text NOT NULL,
        model text NOT NULL,
        prompt_tokens integer NOT NULL,
        author_id uuid REFERENCES operators(id) ON DELETE SET NULL,
        author_name text,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now()
      );

      CREATE TABLE client_summary_runs (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        contact_id uuid NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
        refresh boolean NOT NULL,
        language text NOT NULL,
        state text NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'collecting', 'asking', 'done', 'failed')),
        error_code text,
        error text,
        retry_after_s integer,
        notice text,
        messages_used integer,
        prompt_tokens integer,
        requested_by uuid REFERENCES operators(id) ON DELETE SET NULL,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now(),
        finished_at timestamptz(3)
      );
      CREATE UNIQUE INDEX client_summary_runs_active_key ON client_summary_runs (contact_id) WHERE state IN ('queued', 'collecting', 'asking');
      CREATE INDEX client_summary_runs_contact_idx ON client_summary_runs (contact_id, created_at DESC);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE client_summary_runs; DROP TABLE client_summaries; DROP TABLE ai_settings`);
  }
}
