import { OperatorRole } from '@parley/shared/contracts';

/** The authenticated operator behind a request, socket or subscription. */
export interface AuthUser {
  operatorId: string;
  workspaceId: string;
  role: OperatorRole;
}
