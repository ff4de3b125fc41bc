import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DomainException } from '@parley/api/platform/graphql';
import {
  ErrorCode,
  LOGIN_BACKOFF_AFTER_FAILURES,
  LOGIN_BACKOFF_MAX_MS,
  LOGIN_FAILURE_WINDOW_MS,
  LOGIN_FAILURES_PER_EMAIL,
  LOGIN_FAILURES_PER_IP,
} from '@parley/shared/contracts';
import { DataSource } from 'typeorm';

const norm = (subject: string) => subject.trim().toLowerCase();
/** Every failure for the subject (an e-mail, or `operator:<id>` for re-entered passwords), from anywhere. */
const subjectKey = (subject: string) => `email:${norm(subject)}`;
/** Failures for the subject from one address: the hard limit. */
const pairKey = (subject: string, ip: string) => `email:${norm(subject)}|ip:${ip}`;
const ipKey = (ip: string) => `ip:${ip}`;
/** A request whose address is unknown still counts, under one shared address. */
const addr = (ip: string | undefined) => (ip && ip.length <= 64 ? ip : 'unknown');

const tooMany = (retryAfterSeconds: number) =>
  new DomainException(ErrorCode.RateLimited, `Too many failed sign-in attempts. Try again in ${retryAfterSeconds < 60 ? `${retryAfterSeconds} s` : `${Math.ceil(retryAfterSeconds / 60)} min`}.`, {
    reason: 'TOO_MANY_ATTEMPTS',
    retryAfterSeconds,
  });

/**
 * Brute-force limit on every credential check (sign-in over HTTP and graphql-ws, the current
 * password of changePassword / changeEmail), kept in Postgres so every API replica shares it:
 * - LOGIN_FAILURES_PER_EMAIL failures for one e-mail from one address within LOGIN_FAILURE_WINDOW_MS
 *   lock that (e-mail, address) pair until the oldest failure leaves the window;
 * - LOGIN_FAILURES_PER_IP failures from one address, whatever the e-mail, lock the address;
 * - past LOGIN_BACKOFF_AFTER_FAILURES failures for one e-mail from all addresses, each attempt waits a
 *   short, doubling delay after the last failure (at most LOGIN_BACKOFF_MAX_MS): never a long lockout
 *   of the right password from another address.
 * Refusals are RATE_LIMITED with reason TOO_MANY_ATTEMPTS and retryAfterSeconds. A success clears
 * the pair's and the e-mail's counts.
 */
@Injectable()
export class LoginThrottleService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async assertAllowed(subject: string, ip: string | undefined, now = new Date()): Promise<void> {
    const since = new Date(now.getTime() - LOGIN_FAILURE_WINDOW_MS);
    const a = addr(ip);
    const keys = [subjectKey(subject), pairKey(subject, a), ipKey(a)];
    const rows: Array<{ key: string; n: string; oldest: Date; newest: Date }> = await this.db.query(
      `SELECT key, count(*) AS n, min(at) AS oldest, max(at) AS newest FROM login_failures WHERE key = ANY($1) AND at > $2 GROUP BY key`,
      [keys, since],
    );
    const untilWindowEnds = (r: { oldest: Date }) => Math.max(1, Math.ceil((new Date(r.oldest).getTime() + LOGIN_FAILURE_WINDOW_MS - now.getTime()) / 1000));
    for (const r of rows) {
      const n = Number(r.n);
      if (r.key === keys[1] && n >= LOGIN_FAILURES_PER_EMAIL) throw tooMany(untilWindowEnds(r));
      if (r.key === keys[2] && n >= LOGIN_FAILURES_PER_IP) throw tooMany(untilWindowEnds(r));
      if (r.key === keys[0] && n >= LOGIN_BACKOFF_AFTER_FAILURES) {
        const delay = Math.min(LOGIN_BACKOFF_MAX_MS, 1000 * 2 ** (n - LOGIN_BACKOFF_AFTER_FAILURES));
        const wait = new Date(r.newest).getTime() + delay - now.getTime();
        if (wait > 0) throw tooMany(Math.max(1, Math.ceil(wait / 1000)));
      }
    }
  }

  async recordFailure(subject: string, ip: string | undefined): Promise<void> {
    const a = addr(ip);
    await this.db.query(`INSERT INTO login_failures (key) SELECT unnest($1::text[])`, [[subjectKey(subject), pairKey(subject, a), ipKey(a)]]);
  }

  async recordSuccess(subject: string, ip?: string): Promise<void> {
    await this.db.query(`DELETE FROM login_failures WHERE key = ANY($1)`, [[subjectKey(subject), pairKey(subject, addr(ip))]]);
  }

  async purge(now = new Date()): Promise<number> {
    const res = await this.db.query(`DELETE FROM login_failures WHERE at < $1`, [new Date(now.getTime() - LOGIN_FAILURE_WINDOW_MS)]);
    return Number(res?.[1] ?? 0);
  }
}
