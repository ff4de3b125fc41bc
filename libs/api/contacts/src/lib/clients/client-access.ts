import { OperatorAccessService } from '@parley/api/identity';
import { AuthUser } from '@parley/api/platform/auth';
import { forbidden } from '@parley/api/platform/graphql';
import { Permission, ROLES_THAT_REPLY } from '@parley/shared/contracts';

/**
 * SPEC F1: who may change a client — not observers (they read everything and change nothing), and
 * only with the "Edit clients" right (every role that replies holds it by default). FORBIDDEN otherwise.
 */
export async function assertMayEditClients(access: OperatorAccessService, user: AuthUser): Promise<void> {
  if (!ROLES_THAT_REPLY.includes(user.role)) throw forbidden('Observers can read contacts but not change them');
  if (!(await access.permissions(user)).has(Permission.edit_clients)) throw forbidden('You need the "Edit clients" right to change contacts');
}
