import { dataSourceOptions } from '@parley/api/platform/database';
import { hashPassword } from '@parley/api/identity';
import { DataSource } from 'typeorm';
import { entities } from '../app/entities';
import { migrations } from '../migrations';

/** The first admin's password is the key to the whole install: longer than an operator's 8. */
export const ADMIN_PASSWORD_MIN_LENGTH = 12;

/** Why `create-admin` refused; `main` prints `message` and exits with `exitCode`. */
export class CreateAdminError extends Error {
  constructor(
    readonly code: 'BAD_ARGUMENTS' | 'BAD_EMAIL' | 'BAD_PASSWORD' | 'BAD_WORKSPACE' | 'ADMIN_EXISTS',
    message: string,
    readonly exitCode = code === 'ADMIN_EXISTS' ? 3 : 2,
  ) {
    super(message);
    this.name = 'CreateAdminError';
  }
}

export interface CreateAdminInput {
  email: string;
  workspace: string;
  name?: string;
  password: string;
}

const USAGE =
  'Usage: node dist/apps/api/main.js create-admin --email <address> --workspace <name> [--name <display name>]\n' +
  '  the password is read from PARLEY_ADMIN_PASSWORD or, without it, from stdin (one line)';

// one @, no spaces or control characters, a dot in the domain: what the operator app's forms accept too
const EMAIL = /^[^\s@\p{Cc}]+@[^\s@\p{Cc}]+\.[^\s@\p{Cc}]+$/u;

/** `--email a@b.c --workspace "Shop"` → values; unknown flags and missing values are refused. */
export function parseCreateAdminArgs(argv: string[]): { email: string; workspace: string; name?: string } {
  const known = new Set(['--email', '--workspace', '--name']);
  const values: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const [key, inline] = flag.includes('=') ? [flag.slice(0, flag.indexOf('=')), flag.slice(flag.indexOf('=') + 1)] : [flag, undefined];
    if (!known.has(key)) throw new CreateAdminError('BAD_ARGUMENTS', `Unknown argument "${flag}".\n${USAGE}`);
    const value = inline ?? argv[++i];
    if (value === undefined || value.startsWith('--')) throw new CreateAdminError('BAD_ARGUMENTS', `${key} needs a value.\n${USAGE}`);
    values[key.slice(2)] = value;
  }
  if (!values['email'] || !values['workspace']) throw new CreateAdminError('BAD_ARGUMENTS', `--email and --workspace are required.\n${USAGE}`);
  return { email: values['email'], workspace: values['workspace'], ...(values['name'] ? { name: values['name'] } : {}) };
}

/** Checks the input; returns it trimmed. Never echoes the password. */
export function validateCreateAdmin(input: CreateAdminInput): Required<CreateAdminInput> {
  const email = input.email.trim();
  if (email.length > 254 || !EMAIL.test(email)) throw new CreateAdminError('BAD_EMAIL', `"${email.slice(0, 60)}" is not a valid e-mail address.`);
  const workspace = input.workspace.trim();
  if (!workspace || workspace.length > 80 || /\p{Cc}/u.test(workspace)) throw new CreateAdminError('BAD_WORKSPACE', 'The workspace name needs 1 to 80 characters, without control characters.');
  const name = (input.name ?? email.split('@')[0]).trim();
  if (!name || name.length > 100 || /\p{Cc}/u.test(name)) throw new CreateAdminError('BAD_ARGUMENTS', 'The display name needs 1 to 100 characters, without control characters.');
  const password = input.password;
  if (password.length < ADMIN_PASSWORD_MIN_LENGTH) throw new CreateAdminError('BAD_PASSWORD', `The password needs at least ${ADMIN_PASSWORD_MIN_LENGTH} characters.`);
  if (password.length > 200) throw new CreateAdminError('BAD_PASSWORD', 'The password may have at most 200 characters.');
  return { email, workspace, name, password };
}

function slugOf(name: string): string {
  const slug = name
    .normalize('NFD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
  return slug || 'workspace';
}

/**
 * The explicit first step of a production install (the demo seed never runs there): runs the
 * migrations, then creates one workspace and its admin — only while the database holds no admin
 * at all, so a leaked shell command cannot add a second owner to a running install.
 */
export async function createFirstAdmin(databaseUrl: string, raw: CreateAdminInput): Promise<{ workspaceId: string; operatorId: string; email: string }> {
  const input = validateCreateAdmin(raw);
  const passwordHash = await hashPassword(input.password);
  const ds = new DataSource(dataSourceOptions({ url: databaseUrl, entities, migrations, poolSize: 2 }));
  await ds.initialize();
  try {
    await ds.runMigrations({ transaction: 'each' });
    return await ds.transaction(async (m) => {
      // two simultaneous runs: the second waits here and then sees the first one's admin
      await m.query(`LOCK TABLE operators IN SHARE ROW EXCLUSIVE MODE`);
      const [exists] = await m.query(`SELECT EXISTS (SELECT 1 FROM operators WHERE role = 'admin') AS present`);
      if (exists.present) throw new CreateAdminError('ADMIN_EXISTS', 'This database already has an admin; sign in as that admin and invite further operators from the app.');
      const base = slugOf(input.workspace);
      const [taken] = await m.query(`SELECT count(*)::int AS n FROM workspaces WHERE slug = $1 OR slug LIKE $1 || '-%'`, [base]);
      const slug = taken.n ? `${base}-${taken.n + 1}` : base;
      const [ws] = await m.query(`INSERT INTO workspaces (name, slug) VALUES ($1, $2) RETURNING id`, [input.workspace, slug]);
      // e-mails are unique per workspace (issue #16) and this workspace is new: the address may be in use elsewhere
      const [op] = await m.query(
        `INSERT INTO operators (workspace_id, email, password_hash, display_name, role) VALUES ($1, $2, $3, $4, 'admin') RETURNING id`,
        [ws.id, input.email, passwordHash, input.name],
      );
      return { workspaceId: ws.id as string, operatorId: op.id as string, email: input.email };
    });
  } finally {
    await ds.destroy();
  }
}

/** The password from PARLEY_ADMIN_PASSWORD, else the first line of stdin (a pipe or a typed line). */
export async function readAdminPassword(env: NodeJS.ProcessEnv, stdin: NodeJS.ReadableStream): Promise<string> {
  const fromEnv = env['PARLEY_ADMIN_PASSWORD'];
  if (fromEnv !== undefined) return fromEnv;
  if ((stdin as NodeJS.ReadStream).isTTY) process.stderr.write(`Password for the new admin (at least ${ADMIN_PASSWORD_MIN_LENGTH} characters): `);
  let text = '';
  for await (const chunk of stdin) {
    text += chunk.toString();
    if (text.includes('\n')) break;
  }
  return text.split(/\r?\n/)[0];
}

/** `main.js create-admin …`: exit code 0 on success, 2 for bad input, 3 when an admin exists. */
export async function runCreateAdminCommand(databaseUrl: string, argv: string[], env: NodeJS.ProcessEnv, stdin: NodeJS.ReadableStream): Promise<number> {
  try {
    const args = parseCreateAdminArgs(argv);
    const password = await readAdminPassword(env, stdin);
    const created = await createFirstAdmin(databaseUrl, { ...args, password });
    console.log(`Admin ${created.email} created in workspace "${args.workspace.trim()}". Sign in at the operator app.`);
    return 0;
  } catch (e) {
    if (e instanceof CreateAdminError) {
      console.error(`create-admin: ${e.message}`);
      return e.exitCode;
    }
    throw e;
  }
}
