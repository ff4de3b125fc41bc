import fs from 'node:fs';

/**
 * Linux /proc readers: the server's pid (found by its listening port, so ParleyServer stays as it
 * is), its resident memory and CPU time, and this process's open-file limit.
 */

/** The pid of the process listening on 127.0.0.1:port (or any address), or undefined. */
export function pidListeningOn(port: number): number | undefined {
  const portHex = port.toString(16).toUpperCase().padStart(4, '0');
  const inodes = new Set<string>();
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text = '';
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (cols.length < 10) continue;
      const [, local, , state] = cols;
      if (state === '0A' && local.endsWith(`:${portHex}`)) inodes.add(cols[9]);
    }
  }
  if (inodes.size === 0) return undefined;
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let fds: string[];
    try {
      fds = fs.readdirSync(`/proc/${entry}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        const m = /^socket:\[(\d+)\]$/.exec(fs.readlinkSync(`/proc/${entry}/fd/${fd}`));
        if (m && inodes.has(m[1])) return Number(entry);
      } catch {
        // fd closed meanwhile
      }
    }
  }
  return undefined;
}

/** VmRSS in KB, or NaN when the process is gone. */
export function rssKb(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+)\s+kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : NaN;
  } catch {
    return NaN;
  }
}

/** utime + stime of a process in seconds. */
export function cpuSeconds(pid: number): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // fields[0] is state (field 3); utime is field 14, stime field 15
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return NaN;
  }
}

/** The soft limit on open files of this process. */
export function openFileLimit(): number {
  try {
    const m = /Max open files\s+(\d+|unlimited)/.exec(fs.readFileSync('/proc/self/limits', 'utf8'));
    if (!m) return NaN;
    return m[1] === 'unlimited' ? Infinity : Number(m[1]);
  } catch {
    return NaN;
  }
}

export function loadAverage(): string {
  try {
    return fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  } catch {
    return '?';
  }
}

/** utime + stime in seconds summed over every process whose command name is `comm` (e.g. postgres). */
export function cpuSecondsOf(comm: string): number {
  let total = 0;
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      if (name !== comm) continue;
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      total += (Number(fields[11]) + Number(fields[12])) / 100;
    } catch {
      // process ended meanwhile
    }
  }
  return total;
}

/** The machine-wide count of connections dropped because a listen (accept) queue was full. */
export function listenOverflows(): number {
  try {
    const lines = fs.readFileSync('/proc/net/netstat', 'utf8').split('\n').filter((l) => l.startsWith('TcpExt:'));
    const names = lines[0].split(/\s+/);
    const values = lines[1].split(/\s+/);
    const i = names.indexOf('ListenOverflows');
    return i > 0 ? Number(values[i]) : NaN;
  } catch {
    return NaN;
  }
}

const SOMAXCONN = '/proc/sys/net/core/somaxconn';

/** The kernel's cap on a listen socket's accept queue (NaN when unreadable). */
export function somaxconn(): number {
  try {
    return Number(fs.readFileSync(SOMAXCONN, 'utf8').trim());
  } catch {
    return NaN;
  }
}

/** Sets net.core.somaxconn to at least `target` (or exactly, with `exact`) when allowed (root); returns the value before and after. */
export function raiseSomaxconn(target: number, exact = false): { before: number; now: number } {
  const before = somaxconn();
  if (exact ? before !== target : before < target) {
    try {
      fs.writeFileSync(SOMAXCONN, String(target));
    } catch {
      // not root: the run says which cap it had
    }
  }
  return { before, now: somaxconn() };
}
