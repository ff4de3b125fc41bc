import { OperatorRole, Permission } from '@parley/shared/contracts';
import { AuthUser } from './auth-user';

export interface OperatorAccess {
  role: OperatorRole;
  active: boolean;
  /** False when the token's session (AuthUser.sessionId) has ended or is unknown. */
  sessionLive: boolean;
}

/**
 * Implemented by the identity domain (the platform knows no domain): the operator's current role
 * and active flag, read on every authenticated operation so a role change or a deactivation
 * applies at once (not only when the access token expires), and their effective rights.
 */
export interface OperatorAccessProvider {
  /** null when the operator no longer exists. */
  access(user: AuthUser): Promise<OperatorAccess | null>;
  /** Role defaults ∪ the rights of every group the operator belongs to (SPEC F1). */
  permissions(user: AuthUser): Promise<ReadonlySet<Permission>>;
}

export const OPERATOR_ACCESS = Symbol('OPERATOR_ACCESS');
