import { OperatorRole } from '@parley/shared/contracts';

/** The authenticated operator behind a request, socket or subscription. */
export interface AuthUser {
  operatorId: string;
  workspaceId: string;
  role: OperatorRole;
  /** The sign-in session the access token belongs to (claim `sid`); ending it refuses the token at once. */
  sessionId?: string;
}
