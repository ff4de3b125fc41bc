import { Client } from 'pg';

/**
 * How fast PostgreSQL makes a commit durable right now, from one connection: each round is
 * `BEGIN; SELECT txid_current(); COMMIT` (an assigned transaction id makes the commit write and
 * flush WAL) and touches no table. It shows how much a busy disk or CPU slows every message down.
 */
export async function durableCommitsPerSecond(databaseUrl: string, rounds = 200): Promise<number> {
  const c = new Client({ connectionString: databaseUrl });
  await c.connect();
  try {
    const t0 = performance.now();
    for (let i = 0; i < rounds; i++) {
      await c.query('BEGIN');
      await c.query('SELECT txid_current()');
      await c.query('COMMIT');
    }
    return (rounds * 1000) / (performance.now() - t0);
  } finally {
    await c.end();
  }
}
