import { ApiKeyScope, OperatorRole } from '@parley/shared/contracts';

/** The authenticated operator behind a request, socket or subscription. */
export interface AuthUser {
  operatorId: string;
  workspaceId: string;
  role: OperatorRole;
  /** The sign-in session the access token belongs to (claim `sid`); ending it refuses the token at once. */
  sessionId?: string;
  /**
   * Set when the caller is a workspace API key (issue #15), not a signed-in operator: the key's
   * id, name and scopes. `operatorId` is then the admin who created the key (what the key writes
   * is attributed to them) and `role` the synthetic API role (ApiKeyPrincipal in api-key-auth.ts).
   */
  apiKey?: { id: string; name: string; scopes: readonly ApiKeyScope[] };
}
