import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });

/**
 * A Parley stand-in: a child process that starts the embedded PostgreSQL (a real Node require of the
 * package, which Jest's module system cannot load) and prints READY, or ERR and the message.
 * `hold` keeps it running (SIGTERM stops PostgreSQL first); otherwise it stops PostgreSQL and exits.
 */
function child(dataDir: string, port: number, hold: boolean): Promise<{ pid: number; out: string; stop: () => Promise<void> }> {
  const lib = JSON.stringify(path.join(__dirname, 'embedded-postgres.ts'));
  const code = `require(${lib}).startEmbeddedPostgres(${JSON.stringify(dataDir)}, ${port}).then(
    (h) => { console.log('READY'); if (${hold}) process.on('SIGTERM', () => h.stop().then(() => process.exit(0))); else return h.stop(); },
    (e) => { console.log('ERR ' + e.message); process.exit(1); })`;
  const p = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', '-e', code], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, TS_NODE_COMPILER_OPTIONS: '{"module":"commonjs","moduleResolution":"node"}' },
  });
  const exited = new Promise<void>((r) => p.on('exit', () => r()));
  return new Promise((resolve, reject) => {
    let out = '';
    const done = () => resolve({ pid: p.pid!, out, stop: async () => void (p.kill('SIGTERM'), await exited) });
    p.stdout.on('data', (d) => {
      out += d;
      if (hold && out.includes('READY')) done();
    });
    p.on('exit', () => (hold && !out.includes('READY') ? reject(new Error(`child ended: ${out}`)) : done()));
  });
}

const query = async (port: number) => {
  const c = new Client({ connectionString: `postgres://postgres:parley@127.0.0.1:${port}/parley` });
  await c.connect();
  const [row] = (await c.query('SELECT 1 AS one')).rows;
  await c.end();
  return row.one;
};

describe('embedded PostgreSQL after a crash', () => {
  jest.setTimeout(120_000);
  const dirs: string[] = [];
  const tmp = () => {
    const d = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-epg-'));
    dirs.push(d);
    return d;
  };
  afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

  it('starts again in the same folder after its Parley was killed with SIGKILL, stopping the orphaned postmaster', async () => {
    const dir = tmp();
    const port = await freePort();
    const crashed = await child(dir, port, true);
    const orphan = Number(fs.readFileSync(path.join(dir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]);
    process.kill(crashed.pid, 'SIGKILL');
    await new Promise((r) => setTimeout(r, 500));
    expect(() => process.kill(orphan, 0)).not.toThrow(); // the postmaster outlived its Parley
    const again = await child(dir, port, true);
    try {
      expect(await query(port)).toBe(1);
      const now = Number(fs.readFileSync(path.join(dir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]);
      expect(now).not.toBe(orphan);
      expect(() => process.kill(orphan, 0)).toThrow();
    } finally {
      await again.stop();
    }
  });

  it('never stops a postmaster of another folder or a running Parley; a foreign process on the port is refused with its message', async () => {
    const port = await freePort();
    const otherDir = tmp();
    const other = await child(otherDir, port, true);
    try {
      const refused = await child(tmp(), port, false);
      expect(refused.out).toMatch(/ERR .*Is another Parley \(or PostgreSQL\) using that port or folder\?/);
      // a second Parley on the same folder while the first still runs does not take it over
      const same = await child(otherDir, port, false);
      expect(same.out).toMatch(/ERR .*another Parley/);
      expect(await query(port)).toBe(1); // the other one still serves
    } finally {
      await other.stop();
    }
    const blocker = net.createServer().listen(port, '127.0.0.1');
    await new Promise((r) => blocker.once('listening', r));
    try {
      const refused = await child(tmp(), port, false);
      expect(refused.out).toMatch(/ERR .*another Parley/);
    } finally {
      blocker.close();
    }
  });
});
