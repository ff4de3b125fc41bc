import { Injectable, OnModuleInit } from '@nestjs/common';
import { ContactMerge, ContactMergeStep, ContactMergeSteps } from '@parley/api/contacts';
import { EntityManager } from 'typeorm';

/**
 * Issue #11 (E2): a merge of clients moves the merged client's notes and tasks to the survivor.
 * Its AI summary moves only when the survivor has none (the survivor's covers its own history;
 * the next refresh adds what the merge brought — a new "Summarise" covers both); its summary
 * runs go with it. Runs inside the merge's transaction.
 */
@Injectable()
export class CrmMergeStep implements ContactMergeStep, OnModuleInit {
  readonly name = 'crm';

  constructor(private readonly steps: ContactMergeSteps) {}

  onModuleInit(): void {
    this.steps.register(this);
  }

  async merge(m: EntityManager, { workspaceId, survivorId, mergedId }: ContactMerge): Promise<Record<string, number>> {
    const [, notes] = (await m.query(`UPDATE contact_notes SET contact_id = $2 WHERE workspace_id = $1 AND contact_id = $3`, [workspaceId, survivorId, mergedId])) as [unknown, number];
    const [, tasks] = (await m.query(`UPDATE crm_tasks SET contact_id = $2, updated_at = now() WHERE workspace_id = $1 AND contact_id = $3`, [workspaceId, survivorId, mergedId])) as [unknown, number];
    await m.query(
      `UPDATE client_summaries SET contact_id = $2 WHERE workspace_id = $1 AND contact_id = $3 AND NOT EXISTS (SELECT 1 FROM client_summaries WHERE contact_id = $2)`,
      [workspaceId, survivorId, mergedId],
    );
    await m.query(`DELETE FROM client_summary_runs WHERE workspace_id = $1 AND contact_id = $2`, [workspaceId, mergedId]);
    return { notes: Number(notes ?? 0), tasks: Number(tasks ?? 0) };
  }
}
