import { TestApp } from './test-app';

/** The demo operators plus a supervisor (Sam, the demo password): the tokens, ids by mail name, and the workspace — one per role. */
export async function crmRoles(t: TestApp): Promise<{ tokens: Record<'admin' | 'sam' | 'anna' | 'boris' | 'olga', string>; ids: Record<string, string>; workspaceId: string }> {
  const [op] = await t.db.query(`SELECT workspace_id, password_hash FROM operators WHERE email = 'anna@demo.test'`);
  await t.db.query(`INSERT INTO operators (workspace_id, email, password_hash, display_name, role) VALUES ($1, 'sam@demo.test', $2, 'Sam Supervisor', 'supervisor')`, [op.workspace_id, op.password_hash]);
  const names = ['admin', 'sam', 'anna', 'boris', 'olga'] as const;
  const logged = await Promise.all(names.map((n) => t.login(`${n}@demo.test`)));
  const ids: Record<string, string> = {};
  for (const o of await t.db.query(`SELECT id, email FROM operators`)) ids[o.email.split('@')[0]] = o.id;
  return { tokens: Object.fromEntries(names.map((n, i) => [n, logged[i]])) as Record<(typeof names)[number], string>, ids, workspaceId: op.workspace_id };
}
