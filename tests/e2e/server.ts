import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';

const ROOT = path.resolve(__dirname, '../..');

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

async function waitHealthy(url: string, child: ChildProcess, log: string[]): Promise<void> {
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${log.join('')}`);
    try {
      const res = await fetch(`${url}/health`);
      if (res.ok) return;
    } catch {
      // not yet listening
    }
    if (Date.now() > deadline) throw new Error(`server did not become healthy:\n${log.join('')}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/**
 * The built Parley server (`dist/apps/api/main.js`, as `npm start` runs it) on a free port, over a
 * fresh database: a new one on DATABASE_URL's server, or an embedded PostgreSQL in a temp folder.
 */
export class ParleyServer {
  private constructor(
    readonly url: string,
    private child: ChildProcess,
    private readonly cleanup: () => Promise<void>,
    readonly log: string[],
    private readonly spawnServer: () => ChildProcess,
    /** The server's own database (the embedded one when DATABASE_URL is not set), for a test's setup. */
    readonly databaseUrl: string,
  ) {}

  /** One SQL statement on the server's database (setup a test cannot do through the API, e.g. a second workspace). */
  async sql<T = Record<string, unknown>>(text: string, params: unknown[] = []): Promise<T[]> {
    const c = new Client({ connectionString: this.databaseUrl });
    await c.connect();
    try {
      return (await c.query(text, params)).rows as T[];
    } finally {
      await c.end();
    }
  }

  static async start(env: Record<string, string> = {}): Promise<ParleyServer> {
    const main = path.join(ROOT, 'dist/apps/api/main.js');
    if (!fs.existsSync(main)) throw new Error('dist/apps/api/main.js is missing: run `npm run build` first');
    const port = await freePort();
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-e2e-'));
    fs.chmodSync(dataDir, 0o755);
    const childEnv: Record<string, string> = {
      PATH: process.env['PATH'] ?? '',
      HOME: process.env['HOME'] ?? '/tmp',
      NODE_ENV: 'test',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      EMBEDDED_PG_PORT: String(await freePort()),
      STATIC_DIR: path.join(ROOT, 'dist/apps'),
      LOG_LEVEL: 'warn',
      // every browser of a suite comes from 127.0.0.1: the per-IP visitor limits are tested in the API specs
      VISITOR_NEW_PER_IP_PER_MINUTE: '100000',
      VISITOR_CONVERSATIONS_PER_IP_PER_MINUTE: '100000',
      VISITOR_IP_MESSAGE_BURST: '100000',
      // operators of a suite are often online without a browser open: automatic Away/Offline is tested in presence.e2e.ts
      PRESENCE_AWAY_AFTER_MS: '3600000',
      PRESENCE_OFFLINE_AFTER_MS: '7200000',
      ...env,
    };
    let dropDb = async () => undefined as void;
    const adminUrl = process.env['DATABASE_URL'];
    if (adminUrl && !env['DATABASE_URL']) {
      const db = `parley_e2e_${randomBytes(5).toString('hex')}`;
      const admin = new Client({ connectionString: adminUrl });
      await admin.connect();
      await admin.query(`CREATE DATABASE ${db}`);
      await admin.end();
      const u = new URL(adminUrl);
      u.pathname = `/${db}`;
      childEnv['DATABASE_URL'] = u.toString();
      dropDb = async () => {
        const a = new Client({ connectionString: adminUrl });
        await a.connect();
        await a.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
        await a.end();
      };
    }
    if (process.env['REDIS_URL'] && !env['REDIS_URL']) {
      childEnv['REDIS_URL'] = process.env['REDIS_URL'];
      childEnv['REDIS_PREFIX'] = `parley-e2e-${port}`;
    }
    const log: string[] = [];
    const spawnServer = () => {
      // PARLEY_SERVER_NODE_ARGS: extra Node flags for the server, e.g. `--cpu-prof` when profiling a benchmark
      const nodeArgs = (process.env['PARLEY_SERVER_NODE_ARGS'] ?? '').split(' ').filter(Boolean);
      const child = spawn(process.execPath, [...nodeArgs, main], { cwd: ROOT, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
      child.stdout?.on('data', (d) => log.push(String(d)));
      child.stderr?.on('data', (d) => log.push(String(d)));
      return child;
    };
    const child = spawnServer();
    const url = `http://127.0.0.1:${port}`;
    await waitHealthy(url, child, log);
    return new ParleyServer(url, child, async () => {
      await dropDb();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }, log, spawnServer, childEnv['DATABASE_URL'] ?? `postgres://postgres:parley@127.0.0.1:${childEnv['EMBEDDED_PG_PORT']}/parley`);
  }

  /** Stops the server (SIGTERM) and starts it again on the same port, data and database. */
  async restart(): Promise<void> {
    await this.terminate();
    this.child = this.spawnServer();
    await waitHealthy(this.url, this.child, this.log);
  }

  private async terminate(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((r) => this.child.once('exit', r));
    this.child.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
    if (this.child.exitCode === null) this.child.kill('SIGKILL');
  }

  /** Ends the server as an operator would (SIGTERM) and waits for it. */
  async stop(): Promise<void> {
    await this.terminate();
    await this.cleanup();
  }
}
