import { OperatorRole } from '@parley/shared/contracts';
import { ADMIN_AREA_ROLES, adminNavFor } from './admin-nav';

describe('admin navigation', () => {
  it('shows admins every section in order and supervisors only Operators, Bot scenarios and Catalogue', () => {
    expect(adminNavFor(OperatorRole.admin).map((i) => i.label)).toEqual(['Channels', 'Groups', 'Operators', 'Bot scenarios', 'Chat widgets', 'Tags', 'Client fields', 'Catalogue', 'Orders', 'Delivery', 'Payments', 'AI tools', 'API keys', 'Permissions', 'Invitations', 'Audit log']);
    expect(adminNavFor(OperatorRole.supervisor).map((i) => i.path)).toEqual(['operators', 'bots', 'catalogue']);
    expect(adminNavFor(OperatorRole.agent)).toEqual([]);
    expect(adminNavFor(null)).toEqual([]);
    expect([...ADMIN_AREA_ROLES].sort()).toEqual([OperatorRole.admin, OperatorRole.supervisor]);
  });
});
