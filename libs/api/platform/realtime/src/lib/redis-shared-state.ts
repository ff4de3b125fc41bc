import IORedis from 'ioredis';
import { randomUUID } from 'node:crypto';
import { PRESENCE_TTL_MS, SharedState } from './shared-state';

/**
 * Token bucket in one round trip, on Redis's clock (so replicas with drifting clocks share one
 * bucket): KEYS[1] the bucket hash, ARGV[1] tokens per second, ARGV[2] burst.
 */
const TAKE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local v = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(v[1]) or burst
local at = tonumber(v[2]) or now
tokens = math.min(burst, tokens + math.max(0, now - at) / 1000 * rate)
local ok = 0
if tokens >= 1 then
  tokens = tokens - 1
  ok = 1
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil(burst / rate * 1000) + 1000)
return ok
`;

/**
 * SharedState on Redis. Presence: one hash per key (`<prefix>presence:<key>`) with a field per
 * process whose value is the time that entry stops counting; the process refreshes its entries
 * every PRESENCE_TTL_MS / 3 and removes them when the last hold goes (or at shutdown), so a
 * crashed process's sockets stop counting within PRESENCE_TTL_MS.
 */
export class RedisSharedState implements SharedState {
  readonly kind = 'redis' as const;
  private readonly redis: IORedis;
  private readonly processId = randomUUID();
  private readonly holds = new Map<string, number>();
  private readonly timer: NodeJS.Timeout;

  constructor(redisUrl: string, private readonly prefix = 'parley:', private readonly ttlMs = PRESENCE_TTL_MS) {
    this.redis = new IORedis(redisUrl, { maxRetriesPerRequest: 2 });
    this.redis.on('error', () => undefined); // ioredis reconnects by itself; callers see failed commands
    this.redis.defineCommand('parleyTake', { numberOfKeys: 1, lua: TAKE });
    this.timer = setInterval(() => void this.refresh().catch(() => undefined), Math.max(1000, Math.floor(ttlMs / 3)));
    this.timer.unref();
  }

  private presenceKey(key: string): string {
    return `${this.prefix}presence:${key}`;
  }

  hold(key: string): void {
    const n = (this.holds.get(key) ?? 0) + 1;
    this.holds.set(key, n);
    if (n === 1) this.soon(key, 'write');
  }

  release(key: string): void {
    const n = (this.holds.get(key) ?? 0) - 1;
    if (n > 0) return void this.holds.set(key, n);
    this.holds.delete(key);
    this.soon(key, 'delete');
  }

  /** The presence changes of one tick (a crowd of widgets connecting or dropping), in one pipeline. */
  private readonly changes = new Map<string, 'write' | 'delete'>();

  private soon(key: string, change: 'write' | 'delete'): void {
    // the last change of a key in the tick is the one that counts
    this.changes.delete(key);
    this.changes.set(key, change);
    if (this.changes.size > 1) return;
    setImmediate(() => {
      const changes = [...this.changes];
      this.changes.clear();
      void this.apply(changes).catch(() => undefined);
    });
  }

  private async apply(changes: Array<[string, 'write' | 'delete']>): Promise<void> {
    const until = String(Date.now() + this.ttlMs);
    for (let i = 0; i < changes.length; i += 500) {
      const p = this.redis.pipeline();
      for (const [key, change] of changes.slice(i, i + 500)) {
        if (change === 'delete') p.hdel(this.presenceKey(key), this.processId);
        else p.hset(this.presenceKey(key), this.processId, until).pexpire(this.presenceKey(key), this.ttlMs);
      }
      await p.exec();
    }
  }

  async isHeld(key: string): Promise<boolean> {
    if (this.holds.has(key)) return true;
    const entries = await this.redis.hgetall(this.presenceKey(key));
    const now = Date.now();
    return Object.values(entries).some((until) => Number(until) > now);
  }

  async whichHeld(keys: readonly string[]): Promise<Set<string>> {
    const held = new Set(keys.filter((k) => this.holds.has(k)));
    const rest = keys.filter((k) => !held.has(k));
    const now = Date.now();
    for (let i = 0; i < rest.length; i += 500) {
      const batch = rest.slice(i, i + 500);
      const p = this.redis.pipeline();
      for (const key of batch) p.hgetall(this.presenceKey(key));
      const results = (await p.exec()) ?? [];
      results.forEach(([err, entries], j) => {
        // a failed read must not count as "nobody there" (it would set operators away): fail the whole call
        if (err) throw err;
        if (Object.values((entries ?? {}) as Record<string, string>).some((until) => Number(until) > now)) held.add(batch[j]);
      });
    }
    return held;
  }

  async take(key: string, perSecond: number, burst: number): Promise<boolean> {
    const ok = await (this.redis as IORedis & { parleyTake(k: string, rate: number, burst: number): Promise<number> }).parleyTake(`${this.prefix}bucket:${key}`, perSecond, burst);
    return ok === 1;
  }

  /** Refreshes this process's entries, 500 per pipeline. */
  private refresh(): Promise<void> {
    return this.apply([...this.holds.keys()].map((key) => [key, 'write']));
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    const keys = [...this.holds.keys()];
    this.holds.clear();
    try {
      for (let i = 0; i < keys.length; i += 500) {
        const p = this.redis.pipeline();
        for (const key of keys.slice(i, i + 500)) p.hdel(this.presenceKey(key), this.processId);
        await p.exec();
      }
    } catch {
      // Redis is gone: the entries expire by themselves
    }
    this.redis.disconnect();
  }
}
