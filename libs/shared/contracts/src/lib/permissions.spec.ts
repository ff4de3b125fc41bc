import { OperatorRole } from './operator-role';
import { canAssignRole, Permission, PERMISSIONS, ROLE_DEFAULT_PERMISSIONS } from './permissions';

const { admin, supervisor, agent, observer } = OperatorRole;
const ALL = [admin, supervisor, agent, observer];

describe('canAssignRole (SPEC B2)', () => {
  it('lets an admin set any role on anyone', () => {
    for (const target of ALL) for (const next of ALL) expect(canAssignRole(admin, target, next)).toBe(true);
  });

  it('lets a supervisor only make observers and agents agents', () => {
    const allowed = ALL.flatMap((target) => ALL.filter((next) => canAssignRole(supervisor, target, next)).map((next) => `${target}→${next}`));
    expect(allowed.sort()).toEqual(['agent→agent', 'observer→agent']);
  });

  it('lets agents and observers change nothing', () => {
    for (const caller of [agent, observer]) for (const target of ALL) for (const next of ALL) expect(canAssignRole(caller, target, next)).toBe(false);
  });
});

describe('ROLE_DEFAULT_PERMISSIONS (SPEC F1)', () => {
  it('gives admins everything and keeps history deletion with admins', () => {
    expect([...ROLE_DEFAULT_PERMISSIONS[admin]].sort()).toEqual([...PERMISSIONS].sort());
    for (const role of [supervisor, agent, observer]) expect(ROLE_DEFAULT_PERMISSIONS[role]).not.toContain(Permission.delete_history);
    expect(ROLE_DEFAULT_PERMISSIONS[observer]).toEqual([]);
  });
});
