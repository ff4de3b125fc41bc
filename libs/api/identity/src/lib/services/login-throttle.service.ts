import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DomainException } from '@parley/api/platform/graphql';
import { ErrorCode, LOGIN_FAILURE_WINDOW_MS, LOGIN_FAILURES_PER_EMAIL, LOGIN_FAILURES_PER_IP } from '@parley/shared/contracts';
import { DataSource } from 'typeorm';

const emailKey = (email: string) => `email:${email.trim().toLowerCase()}`;
const ipKey = (ip: string) => `ip:${ip}`;

/**
 * Brute-force limit on sign-in (kept in Postgres, so every API replica shares it): after
 * LOGIN_FAILURES_PER_EMAIL failures for one e-mail, or LOGIN_FAILURES_PER_IP from one address,
 * within LOGIN_FAILURE_WINDOW_MS, login answers RATE_LIMITED until the oldest failure leaves the
 * window. A successful sign-in clears the e-mail's count.
 */
@Injectable()
export class LoginThrottleService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async assertAllowed(email: string, ip: string | undefined, now = new Date()): Promise<void> {
    const since = new Date(now.getTime() - LOGIN_FAILURE_WINDOW_MS);
    const keys = [emailKey(email), ...(ip ? [ipKey(ip)] : [])];
    const rows: Array<{ key: string; n: string; oldest: Date }> = await this.db.query(
      `SELECT key, count(*) AS n, min(at) AS oldest FROM login_failures WHERE key = ANY($1) AND at > $2 GROUP BY key`,
      [keys, since],
    );
    for (const r of rows) {
      const limit = r.key.startsWith('email:') ? LOGIN_FAILURES_PER_EMAIL : LOGIN_FAILURES_PER_IP;
      if (Number(r.n) >= limit) {
        const retryAfterSeconds = Math.max(1, Math.ceil((new Date(r.oldest).getTime() + LOGIN_FAILURE_WINDOW_MS - now.getTime()) / 1000));
        throw new DomainException(ErrorCode.RateLimited, `Too many failed sign-in attempts. Try again in ${Math.ceil(retryAfterSeconds / 60)} min.`, {
          retryAfterSeconds,
        });
      }
    }
  }

  async recordFailure(email: string, ip: string | undefined): Promise<void> {
    const keys = [emailKey(email), ...(ip ? [ipKey(ip)] : [])];
    await this.db.query(`INSERT INTO login_failures (key) SELECT unnest($1::text[])`, [keys]);
  }

  async recordSuccess(email: string): Promise<void> {
    await this.db.query(`DELETE FROM login_failures WHERE key = $1`, [emailKey(email)]);
  }

  async purge(now = new Date()): Promise<number> {
    const res = await this.db.query(`DELETE FROM login_failures WHERE at < $1`, [new Date(now.getTime() - LOGIN_FAILURE_WINDOW_MS)]);
    return Number(res?.[1] ?? 0);
  }
}
