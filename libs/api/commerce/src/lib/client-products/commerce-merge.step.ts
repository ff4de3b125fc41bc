import { Injectable, OnModuleInit } from '@nestjs/common';
import { ContactMerge, ContactMergeStep, ContactMergeSteps } from '@parley/api/contacts';
import { EntityManager } from 'typeorm';

/** Issue #12: a merge of clients moves the merged client's interesting products to the survivor (one row per product). Inside the merge's transaction. */
@Injectable()
export class CommerceMergeStep implements ContactMergeStep, OnModuleInit {
  readonly name = 'commerce';

  constructor(private readonly steps: ContactMergeSteps) {}

  onModuleInit(): void {
    this.steps.register(this);
  }

  async merge(m: EntityManager, { workspaceId, survivorId, mergedId }: ContactMerge): Promise<Record<string, number>> {
    const moved: unknown[] = await m.query(
      `INSERT INTO client_products (contact_id, product_id, workspace_id, added_by, added_at)
       SELECT $2, product_id, workspace_id, added_by, added_at FROM client_products WHERE workspace_id = $1 AND contact_id = $3
       ON CONFLICT (contact_id, product_id) DO UPDATE SET added_at = greatest(client_products.added_at, EXCLUDED.added_at) RETURNING product_id`,
      [workspaceId, survivorId, mergedId],
    );
    await m.query(`DELETE FROM client_products WHERE workspace_id = $1 AND contact_id = $2`, [workspaceId, mergedId]);
    return { products: moved.length };
  }
}
