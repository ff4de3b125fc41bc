import { OperatorRole } from '@parley/shared/contracts';
import { assignableRoles } from './operators-page';
import { togglePermission } from './permissions-page';
import { Permission } from '@parley/shared/contracts';

describe('assignableRoles', () => {
  it('offers admins every role and supervisors only agent for observers', () => {
    expect(assignableRoles(OperatorRole.admin, OperatorRole.agent)).toHaveLength(4);
    expect(assignableRoles(OperatorRole.supervisor, OperatorRole.observer)).toEqual([OperatorRole.agent, OperatorRole.observer]);
    expect(assignableRoles(OperatorRole.supervisor, OperatorRole.admin)).toEqual([OperatorRole.admin]);
    expect(assignableRoles(OperatorRole.agent, OperatorRole.agent)).toEqual([OperatorRole.agent]);
    expect(assignableRoles(null, OperatorRole.observer)).toEqual([OperatorRole.observer]);
  });
});

describe('togglePermission', () => {
  it('keeps the canonical order and no duplicates', () => {
    const on = togglePermission([Permission.see_tasks], Permission.create_tags, true);
    expect(on).toEqual([Permission.create_tags, Permission.see_tasks]);
    expect(togglePermission(on, Permission.create_tags, true)).toEqual(on);
    expect(togglePermission(on, Permission.see_tasks, false)).toEqual([Permission.create_tags]);
  });
});
