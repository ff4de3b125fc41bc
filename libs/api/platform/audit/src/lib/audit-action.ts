import { AuditAction, ClientAuditAction } from '@parley/shared/contracts';

/** The enum lives in the shared contracts (the admin screen names each action); re-exported for the domains. */
export { AuditAction, AUDIT_ACTIONS, AUDITED_ACTIONS, ClientAuditAction } from '@parley/shared/contracts';

export interface AuditEntryInput {
  workspaceId: string;
  /** null for the system (jobs). */
  actorId: string | null;
  /** Snapshot of the actor's name, so the log reads as it was after renames or removals. */
  actorName: string | null;
  action: AuditAction | ClientAuditAction;
  targetType: string;
  targetId: string | null;
  details?: Record<string, unknown>;
}
