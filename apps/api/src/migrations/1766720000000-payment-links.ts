import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue #12 (E5): payment links.
 * - `acquirer_settings`: one row per workspace and acquirer kind ('test', 'stripe'): whether it is
 *   on, its public config, and its secrets sealed with the channel secrets' SecretBox (AES-256-GCM,
 *   CHANNEL_SECRETS_KEY) — never shown back, only "set".
 * - `payment_links`: the link sent for one order payment: a random url-safe token (the test
 *   acquirer's hosted page `/pay/:token`), the amount and currency copied when it was made (the
 *   page never takes an amount from the visitor), the acquirer's session id (`external_id`, unique
 *   per kind), its status and last error. At most one open (pending) link per payment.
 * - `payment_webhook_events`: the acquirer events already processed (kind, event id): a replayed
 *   webhook is answered 200 and changes nothing.
 */
export class PaymentLinks1766720000000 implements MigrationInterface {
  name = 'PaymentLinks1766720000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE acquirer_settings (
        workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        kind text NOT NULL CHECK (kind IN ('test', 'stripe')),
        enabled boolean NOT NULL DEFAULT false,
        config jsonb NOT NULL DEFAULT '{}'::jsonb,
        secrets jsonb NOT NULL DEFAULT '{}'::jsonb,
        updated_at timestamptz(3) NOT NULL DEFAULT now(),
        PRIMARY KEY (workspace_id, kind)
      );

      CREATE TABLE payment_links (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        token text NOT NULL UNIQUE CHECK (token ~ '^[A-Za-z0-9_-]{32,64}$'),
        acquirer text NOT NULL CHECK (acquirer IN ('test', 'stripe')),
        order_id uuid NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
        order_payment_id uuid NOT NULL REFERENCES order_payments(id) ON DELETE CASCADE,
        amount numeric(12, 2) NOT NULL CHECK (amount > 0),
        currency char(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
        status text NOT NULL CHECK (status IN ('pending', 'paid', 'failed', 'expired')),
        external_id text,
        url text NOT NULL CHECK (url ~ '^https?://'),
        created_by uuid REFERENCES operators(id) ON DELETE SET NULL,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        paid_at timestamptz(3),
        expires_at timestamptz(3) NOT NULL,
        last_error text CHECK (length(last_error) <= 500),
        UNIQUE (acquirer, external_id)
      );
      CREATE INDEX payment_links_payment_idx ON payment_links (order_payment_id, created_at DESC);
      CREATE UNIQUE INDEX payment_links_one_open_per_payment ON payment_links (order_payment_id) WHERE status = 'pending';

      CREATE TABLE payment_webhook_events (
        acquirer text NOT NULL,
        event_id text NOT NULL CHECK (length(event_id) BETWEEN 1 AND 255),
        workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        received_at timestamptz(3) NOT NULL DEFAULT now(),
        PRIMARY KEY (acquirer, event_id)
      );

      -- the test acquirer is on in every workspace there is (the demo's "Card online" sends links at once)
      INSERT INTO acquirer_settings (workspace_id, kind, enabled) SELECT id, 'test', true FROM workspaces ON CONFLICT DO NOTHING;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE payment_webhook_events, payment_links, acquirer_settings`);
  }
}
