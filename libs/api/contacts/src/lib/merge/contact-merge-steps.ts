import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

/** Two clients being merged: `mergedId`'s belongings go to `survivorId`, then `mergedId` is deleted. */
export interface ContactMerge {
  workspaceId: string;
  survivorId: string;
  mergedId: string;
}

/**
 * Issue #11 (E2): what another domain keeps on a client moves in a merge — conversations (and what
 * their channels keep of the sender), notes, tasks, the AI summary, later orders. Each domain
 * registers its step with ContactMergeSteps (ContactsModule's one instance) at start; the merge
 * runs every step in its one transaction, before the merged client is deleted, and audits the
 * counts each step returns.
 */
export interface ContactMergeStep {
  /** A name for the audit's counts (`conversations`, `notes`, …). */
  readonly name: string;
  merge(m: EntityManager, merge: ContactMerge): Promise<Record<string, number>>;
}

@Injectable()
export class ContactMergeSteps {
  private readonly steps: ContactMergeStep[] = [];

  register(step: ContactMergeStep): void {
    if (!this.steps.some((s) => s.name === step.name)) this.steps.push(step);
  }

  all(): readonly ContactMergeStep[] {
    return this.steps;
  }
}
