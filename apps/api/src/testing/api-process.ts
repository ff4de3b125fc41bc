import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { Client as PgClient } from 'pg';

const ROOT = path.resolve(__dirname, '../../../..');

/** The API in its own Node process (apps/api/src/testing/api-child.ts), so the test can kill -9 it. */
export class ApiProcess {
  readonly log: string[] = [];
  private constructor(readonly child: ChildProcess) {}

  static spawn(env: Record<string, string>): ApiProcess {
    const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', 'apps/api/src/testing/api-child.ts'], {
      cwd: ROOT,
      env: { ...process.env, TS_NODE_PROJECT: 'apps/api/tsconfig.spec.json', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const p = new ApiProcess(child);
    child.stdout!.on('data', (d: Buffer) => p.log.push(d.toString()));
    child.stderr!.on('data', (d: Buffer) => p.log.push(d.toString()));
    return p;
  }

  async url(timeoutMs = 120_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const m = /LISTENING (\d+)/.exec(this.log.join(''));
      if (m) return `http://127.0.0.1:${m[1]}`;
      if (this.child.exitCode !== null || this.child.signalCode) throw new Error(`API process ended (code ${this.child.exitCode}, signal ${this.child.signalCode}):\n${this.log.join('')}`);
      if (Date.now() > deadline) throw new Error(`API process did not start:\n${this.log.join('')}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  exited(): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    if (this.child.exitCode !== null || this.child.signalCode) return Promise.resolve({ code: this.child.exitCode, signal: this.child.signalCode });
    return new Promise((resolve) => this.child.once('exit', (code, signal) => resolve({ code, signal })));
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode) return;
    this.child.kill('SIGTERM');
    const t = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
    await this.exited();
    clearTimeout(t);
  }
}

export async function graphql(url: string, query: string, variables: Record<string, unknown>, token?: string): Promise<any> {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return res.json();
}


/**
 * A database of its own for a test that runs the API in child processes: created and migrated
 * (with the demo workspace) from PARLEY_TEST_ADMIN_URL's server, dropped at the end.
 */
export class PrivateDatabase {
  private constructor(
    readonly name: string,
    readonly url: string,
    private readonly adminUrl: string,
  ) {}

  static async create(adminUrl: string, migrate: (url: string) => Promise<unknown>): Promise<PrivateDatabase> {
    const name = `parley_it_${randomBytes(6).toString('hex')}`;
    const admin = new PgClient({ connectionString: adminUrl });
    await admin.connect();
    try {
      await admin.query(`CREATE DATABASE ${name}`);
    } finally {
      await admin.end();
    }
    const u = new URL(adminUrl);
    u.pathname = `/${name}`;
    await migrate(u.toString());
    return new PrivateDatabase(name, u.toString(), adminUrl);
  }

  /** One statement on a connection of its own (the API processes hold theirs). */
  async sql(text: string, params: unknown[] = []): Promise<any[]> {
    const c = new PgClient({ connectionString: this.url });
    await c.connect();
    try {
      return (await c.query(text, params)).rows;
    } finally {
      await c.end();
    }
  }

  async drop(): Promise<void> {
    const admin = new PgClient({ connectionString: this.adminUrl });
    await admin.connect();
    try {
      await admin.query(`DROP DATABASE IF EXISTS ${this.name} WITH (FORCE)`);
    } finally {
      await admin.end();
    }
  }
}
