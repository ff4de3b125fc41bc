import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue #12 (E10): catalogue import from XML feeds (YML, Google Merchant RSS).
 * - `product_feeds`: a workspace's feeds — fetched from a URL by the server, or an uploaded file
 *   kept in DATA_DIR (`upload_*`); `format` as last detected; an optional re-import every N hours
 *   (`schedule_hours`, `next_run_at`, run by the maintenance sweep).
 * - `product_feed_runs`: each import as a queued job with its state and figures (bytes read of the
 *   total when known, offers seen / created / updated / rejected, products made inactive); at most
 *   one queued or running per feed (`product_feed_runs_active_key`).
 * - `product_feed_rejections`: the first 1000 rejected offers of a run with their reasons (the
 *   run's `offers_rejected` keeps the total).
 * - `products.feed_id`: the feed that imported a product; a run that ends well makes its feed's
 *   products it did not see inactive (never deleted: orders refer to them). Deleting a feed leaves
 *   its products (feed_id null). Not in an index with anything a re-import changes, so rewriting
 *   an unchanged product is never needed (it is skipped) and a changed one can be a HOT update.
 */
export class CatalogueFeeds1766610000000 implements MigrationInterface {
  name = 'CatalogueFeeds1766610000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE product_feeds (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
        source text NOT NULL CHECK (source IN ('url', 'upload')),
        url text CHECK (length(url) <= 2000),
        upload_name text CHECK (length(upload_name) <= 255),
        upload_size bigint,
        uploaded_at timestamptz(3),
        format text CHECK (format IN ('yml', 'google')),
        schedule_hours integer CHECK (schedule_hours BETWEEN 1 AND 720),
        next_run_at timestamptz(3),
        created_by uuid REFERENCES operators(id) ON DELETE SET NULL,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now(),
        CHECK (source = 'upload' OR url IS NOT NULL),
        CHECK (schedule_hours IS NULL OR source = 'url')
      );
      CREATE INDEX product_feeds_workspace_idx ON product_feeds (workspace_id, created_at, id);
      CREATE INDEX product_feeds_due_idx ON product_feeds (next_run_at) WHERE schedule_hours IS NOT NULL;

      CREATE TABLE product_feed_runs (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        feed_id uuid NOT NULL REFERENCES product_feeds(id) ON DELETE CASCADE,
        workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        state text NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'running', 'done', 'failed')),
        trigger text NOT NULL DEFAULT 'manual' CHECK (trigger IN ('manual', 'upload', 'schedule')),
        format text CHECK (format IN ('yml', 'google')),
        bytes_read bigint NOT NULL DEFAULT 0,
        bytes_total bigint,
        offers_seen integer NOT NULL DEFAULT 0,
        offers_created integer NOT NULL DEFAULT 0,
        offers_updated integer NOT NULL DEFAULT 0,
        offers_unchanged integer NOT NULL DEFAULT 0,
        offers_rejected integer NOT NULL DEFAULT 0,
        products_deactivated integer NOT NULL DEFAULT 0,
        error text CHECK (length(error) <= 1000),
        requested_by uuid REFERENCES operators(id) ON DELETE SET NULL,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now(),
        started_at timestamptz(3),
        finished_at timestamptz(3)
      );
      CREATE UNIQUE INDEX product_feed_runs_active_key ON product_feed_runs (feed_id) WHERE state IN ('queued', 'running');
      CREATE INDEX product_feed_runs_feed_idx ON product_feed_runs (feed_id, created_at DESC);

      CREATE TABLE product_feed_rejections (
        run_id uuid NOT NULL REFERENCES product_feed_runs(id) ON DELETE CASCADE,
        seq integer NOT NULL,
        offer_id text CHECK (length(offer_id) <= 200),
        line integer NOT NULL,
        reason text NOT NULL CHECK (length(reason) <= 500),
        PRIMARY KEY (run_id, seq)
      );

      ALTER TABLE products ADD COLUMN feed_id uuid REFERENCES product_feeds(id) ON DELETE SET NULL;
      CREATE INDEX products_feed_idx ON products (feed_id, id) WHERE feed_id IS NOT NULL;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE products DROP COLUMN feed_id;
      DROP TABLE product_feed_rejections, product_feed_runs, product_feeds;
    `);
  }
}
