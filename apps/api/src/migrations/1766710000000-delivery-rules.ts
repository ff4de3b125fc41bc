import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue #12 (E5): delivery cost rules, configured by admins (Settings › Delivery). An order
 * without a typed delivery cost takes the cost of the workspace's first active rule (by
 * `position`) that matches it:
 * - `delivery_type`: null = any type, otherwise the order's delivery type (courier, pickup…);
 * - `regions`: empty = any region, otherwise one of them (compared trimmed, case-insensitively);
 * - weight and total bounds: inclusive min, exclusive max (`min ≤ value < max`), each optional,
 *   so "up to 5 kg" (max 5) and "from 5 kg" (min 5) never both match;
 * - `currency`: the rule applies only to orders in that currency; required when a total bound
 *   is set or the cost is above 0 (the cost is in it). A free rule without total bounds may
 *   leave it null (any currency).
 * `version` guards concurrent edits; (workspace_id, position) serves the one query per order
 * preview (at most 200 rules per workspace, enforced by the service).
 */
export class DeliveryRules1766710000000 implements MigrationInterface {
  name = 'DeliveryRules1766710000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE delivery_rules (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
        position integer NOT NULL DEFAULT 0,
        active boolean NOT NULL DEFAULT true,
        delivery_type text CHECK (length(delivery_type) BETWEEN 1 AND 40),
        regions text[] NOT NULL DEFAULT '{}' CHECK (cardinality(regions) <= 50),
        min_weight_kg numeric(10, 3) CHECK (min_weight_kg >= 0),
        max_weight_kg numeric(10, 3) CHECK (max_weight_kg >= 0),
        min_total numeric(12, 2) CHECK (min_total >= 0),
        max_total numeric(12, 2) CHECK (max_total >= 0),
        currency char(3) CHECK (currency ~ '^[A-Z]{3}$'),
        cost numeric(12, 2) NOT NULL CHECK (cost >= 0),
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now(),
        version integer NOT NULL DEFAULT 1,
        CHECK (min_weight_kg IS NULL OR max_weight_kg IS NULL OR min_weight_kg <= max_weight_kg),
        CHECK (min_total IS NULL OR max_total IS NULL OR min_total <= max_total),
        CHECK ((min_total IS NULL AND max_total IS NULL AND cost = 0) OR currency IS NOT NULL)
      );
      CREATE INDEX delivery_rules_workspace_position_idx ON delivery_rules (workspace_id, position);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE delivery_rules`);
  }
}
