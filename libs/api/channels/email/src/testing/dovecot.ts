import { ChildProcess, spawn } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, Socket } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { ImapFlow } from 'imapflow';

export interface DovecotUser {
  user: string;
  password: string;
}

export interface DovecotOptions {
  users: DovecotUser[];
  /** Default `/usr/sbin/dovecot` (the Debian packages dovecot-core and dovecot-imapd). */
  binary?: string;
}

/** A free TCP port on 127.0.0.1 (asked of the kernel, then released for Dovecot to take). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

/** Signals Dovecot's whole process group (the master and its imap processes). */
function signalGroup(p: ChildProcess, signal: NodeJS.Signals): void {
  try {
    if (p.pid) process.kill(-p.pid, signal);
    else p.kill(signal);
  } catch {
    p.kill(signal);
  }
}

const waitForPort = async (port: number, proc: ChildProcess, logFile: string, timeoutMs = 15_000): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`dovecot exited with ${proc.exitCode}: ${readLog(logFile)}`);
    const ok = await new Promise<boolean>((resolve) => {
      const s = new Socket();
      s.once('connect', () => {
        s.destroy();
        resolve(true);
      });
      s.once('error', () => resolve(false));
      s.connect(port, '127.0.0.1');
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`dovecot did not listen on ${port} in time: ${readLog(logFile)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
};

const readLog = (file: string): string => {
  try {
    return readFileSync(file, 'utf8').slice(-2000);
  } catch {
    return '(no log)';
  }
};

/**
 * A private Dovecot IMAP server for tests: its own config, run and mail directories in a temporary
 * directory, a passwd-file with plain passwords, maildir mailboxes, no TLS, on a free port of
 * 127.0.0.1, in the foreground (`dovecot -F`) so stopping the child stops it. As root (CI) the
 * mailboxes belong to an unprivileged system user, since Dovecot refuses mail access as uid 0.
 */
export class TestDovecot {
  readonly host = '127.0.0.1';
  private proc: ChildProcess | null = null;

  private constructor(
    readonly port: number,
    readonly dir: string,
    private readonly users: DovecotUser[],
    private readonly binary: string,
  ) {}

  static async start(options: DovecotOptions): Promise<TestDovecot> {
    const dir = mkdtempSync(join(tmpdir(), 'parley-dovecot-'));
    const port = await freePort();
    const d = new TestDovecot(port, dir, options.users, options.binary ?? '/usr/sbin/dovecot');
    await d.run(d.binary);
    return d;
  }

  private async run(binary: string): Promise<void> {
    const me = userInfo();
    // Dovecot will not give mail access to uid 0: as root the mail belongs to `nobody`
    const mailUid = me.uid === 0 ? 65534 : me.uid;
    const mailGid = me.uid === 0 ? 65534 : me.gid;
    const loginUser = me.uid === 0 ? 'nobody' : me.username;
    rmSync(join(this.dir, 'run'), { recursive: true, force: true });
    for (const sub of ['run', 'state', 'mail']) mkdirSync(join(this.dir, sub), { recursive: true });
    const passwd = this.users.map((u) => `${u.user}:{PLAIN}${u.password}::::::`).join('\n') + '\n';
    writeFileSync(join(this.dir, 'passwd'), passwd, { mode: 0o600 });
    if (me.uid === 0) {
      // the auth and mail processes run as that user: they must reach the passwd file and the mail
      chmodSync(this.dir, 0o711);
      chownSync(join(this.dir, 'mail'), mailUid, mailGid);
      chownSync(join(this.dir, 'passwd'), mailUid, mailGid);
    }
    const logFile = join(this.dir, 'dovecot.log');
    const conf = `
base_dir = ${this.dir}/run
state_dir = ${this.dir}/state
log_path = ${logFile}
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
auth_failure_delay = 0
default_internal_user = ${loginUser}
default_internal_group = ${me.uid === 0 ? 'nogroup' : userInfo().username}
default_login_user = ${loginUser}
first_valid_uid = 1
mail_location = maildir:${this.dir}/mail/%u
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${this.dir}/passwd
}
userdb {
  driver = static
  args = uid=${mailUid} gid=${mailGid} home=${this.dir}/mail/%u
}
service imap-login {
  chroot =
  inet_listener imap {
    address = 127.0.0.1
    port = ${this.port}
  }
  inet_listener imaps {
    port = 0
  }
}
service anvil {
  chroot =
}
service stats {
  unix_listener stats-reader {
    mode = 0666
  }
  unix_listener stats-writer {
    mode = 0666
  }
}
`;
    const confFile = join(this.dir, 'dovecot.conf');
    writeFileSync(confFile, conf);
    // its own process group: stopping it stops its IMAP processes too (an outage cuts open connections)
    const proc = spawn(binary, ['-F', '-c', confFile], { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    this.proc = proc;
    // a test process that ends without stop() (a crash, jest's forceExit) takes its Dovecot with it
    const onExit = () => signalGroup(proc, 'SIGKILL');
    process.once('exit', onExit);
    proc.once('exit', () => process.removeListener('exit', onExit));
    let stderr = '';
    this.proc.stderr?.on('data', (b) => (stderr += String(b)));
    try {
      await waitForPort(this.port, this.proc, logFile);
    } catch (e) {
      this.proc.kill('SIGKILL');
      throw new Error(`${(e as Error).message}\n${stderr}`);
    }
  }

  /** An IMAP client logged in as a user (for APPEND in tests); the caller logs out. */
  async client(user: string): Promise<ImapFlow> {
    const u = this.users.find((x) => x.user === user);
    if (!u) throw new Error(`no test mailbox ${user}`);
    const c = new ImapFlow({ host: this.host, port: this.port, secure: false, auth: { user: u.user, pass: u.password }, logger: false });
    await c.connect();
    return c;
  }

  /** Puts raw messages into a user's INBOX, in order (IMAP APPEND). */
  async append(user: string, ...raw: Array<string | Buffer>): Promise<void> {
    const c = await this.client(user);
    try {
      for (const r of raw) await c.append('INBOX', r);
    } finally {
      await c.logout().catch(() => undefined);
    }
  }

  /** Stops the server and keeps its mail (an outage); `resume` starts it again on the same port. */
  async pause(): Promise<void> {
    await this.kill();
  }

  async resume(): Promise<void> {
    if (this.proc) return;
    await this.run(this.binary);
  }

  /**
   * The server renumbers a user's INBOX, as after a restore from backup: stopped, its UID list and
   * indexes removed, started again — the mail is the same, with a new UIDVALIDITY and new UIDs.
   */
  async renumber(user: string): Promise<void> {
    await this.kill();
    const box = join(this.dir, 'mail', user);
    for (const f of readdirSync(box)) if (f.startsWith('dovecot')) rmSync(join(box, f), { recursive: true, force: true });
    await this.run(this.binary);
  }

  async stop(): Promise<void> {
    await this.kill();
    rmSync(this.dir, { recursive: true, force: true });
  }

  private async kill(): Promise<void> {
    const p = this.proc;
    this.proc = null;
    if (p && p.exitCode === null) {
      const exited = new Promise((r) => p.once('exit', r));
      signalGroup(p, 'SIGTERM');
      const timer = setTimeout(() => signalGroup(p, 'SIGKILL'), 3000);
      await exited;
      clearTimeout(timer);
    }
  }
}
