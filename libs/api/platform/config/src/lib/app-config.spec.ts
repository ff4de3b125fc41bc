import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError, loadConfig } from './app-config';

describe('loadConfig', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-config-'));
  const base = { DATA_DIR: dataDir };

  it('applies defaults and describes the embedded mode', () => {
    const c = loadConfig({ ...base }, ['node', 'main.js']);
    expect(c.port).toBe(3000);
    expect(c.mode).toBe('api');
    expect(c.databaseUrl).toBeUndefined();
    expect(c.describe()).toContain('embedded PostgreSQL');
    expect(c.describe()).toContain('in-process queue');
    expect(c.botIdleCloseMinutes).toBe(120);
    expect(loadConfig({ ...base, BOT_IDLE_CLOSE_MINUTES: '15' }, []).botIdleCloseMinutes).toBe(15);
  });

  it('treats an empty variable as unset (DATABASE_URL= in a .env file): the default applies, not "invalid URL"', () => {
    const c = loadConfig({ ...base, DATABASE_URL: '', REDIS_URL: '  ', PORT: '', PUBLIC_URL: '' }, ['node', 'main.js']);
    expect(c.databaseUrl).toBeUndefined();
    expect(c.port).toBe(3000);
    expect(c.describe()).toContain('embedded PostgreSQL');
    expect(c.describe()).toContain('in-process queue');
    // a value that is there is still checked
    expect(() => loadConfig({ ...base, DATABASE_URL: 'not a url' }, [])).toThrow(ConfigError);
  });

  it('has visitor limit defaults and reads them from the environment', () => {
    const c = loadConfig({ ...base }, []);
    expect(c.visitorLimits).toEqual({
      messagesPerSecond: 5,
      messageBurst: 20,
      ipMessagesPerSecond: 20,
      ipMessageBurst: 60,
      newVisitorsPerIpPerMinute: 30,
      conversationsPerIpPerMinute: 10,
      conversationsPerChannelPerMinute: 300,
    });
    expect(c.visitorSocketMaxBufferBytes).toBe(1_048_576);
    const d = loadConfig({ ...base, VISITOR_CONVERSATIONS_PER_IP_PER_MINUTE: '3', VISITOR_SOCKET_MAX_BUFFER_BYTES: '65536' }, []);
    expect(d.visitorLimits.conversationsPerIpPerMinute).toBe(3);
    expect(d.visitorSocketMaxBufferBytes).toBe(65_536);
  });

  it('keeps a generated secret across loads and never prints it', () => {
    const a = loadConfig({ ...base }, []);
    const b = loadConfig({ ...base }, []);
    expect(a.jwtSecret).toHaveLength(64);
    expect(b.jwtSecret).toBe(a.jwtSecret);
    expect(a.describe()).not.toContain(a.jwtSecret);
  });

  it('redacts passwords in the description', () => {
    const c = loadConfig({ ...base, DATABASE_URL: 'postgres://u:hunter2@db:5432/x', REDIS_URL: 'redis://:pw@r:6379' }, []);
    expect(c.describe()).not.toContain('hunter2');
    expect(c.describe()).toContain('BullMQ');
  });

  it('selects worker mode from the flag', () => {
    expect(loadConfig({ ...base }, ['node', 'main.js', '--worker']).mode).toBe('worker');
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ REDIS_URL: 'not a url' }, 'REDIS_URL'],
    [{ JWT_SECRET: 'short' }, 'JWT_SECRET'],
    [{ RUN_WORKERS: 'maybe' }, 'RUN_WORKERS'],
    [{ BOT_IDLE_CLOSE_MINUTES: '0' }, 'BOT_IDLE_CLOSE_MINUTES'],
    [{ BOT_IDLE_CLOSE_MINUTES: '1.5' }, 'BOT_IDLE_CLOSE_MINUTES'],
    [{ BOT_IDLE_CLOSE_MINUTES: 'soon' }, 'BOT_IDLE_CLOSE_MINUTES'],
    [{ VISITOR_MESSAGES_PER_SECOND: '0' }, 'VISITOR_MESSAGES_PER_SECOND'],
    [{ VISITOR_MESSAGE_BURST: '2.5' }, 'VISITOR_MESSAGE_BURST'],
    [{ VISITOR_NEW_PER_IP_PER_MINUTE: 'many' }, 'VISITOR_NEW_PER_IP_PER_MINUTE'],
    [{ VISITOR_CONVERSATIONS_PER_CHANNEL_PER_MINUTE: '-1' }, 'VISITOR_CONVERSATIONS_PER_CHANNEL_PER_MINUTE'],
    [{ VISITOR_SOCKET_MAX_BUFFER_BYTES: '1000' }, 'VISITOR_SOCKET_MAX_BUFFER_BYTES'],
    [{ PRESENCE_AWAY_AFTER_MS: 'soon' }, 'PRESENCE_AWAY_AFTER_MS'],
    [{ PRESENCE_AWAY_AFTER_MS: '999' }, 'PRESENCE_AWAY_AFTER_MS'],
    [{ PRESENCE_AWAY_AFTER_MS: '1500.5' }, 'PRESENCE_AWAY_AFTER_MS'],
    [{ PRESENCE_OFFLINE_AFTER_MS: '-5' }, 'PRESENCE_OFFLINE_AFTER_MS'],
    [{ PRESENCE_OFFLINE_AFTER_MS: '604800001' }, 'PRESENCE_OFFLINE_AFTER_MS'],
    [{ PRESENCE_AWAY_AFTER_MS: '60000', PRESENCE_OFFLINE_AFTER_MS: '60000' }, 'PRESENCE_OFFLINE_AFTER_MS: must be more than PRESENCE_AWAY_AFTER_MS'],
  ])('rejects %p with a message naming %s', (env, key) => {
    expect(() => loadConfig({ ...base, ...env }, [])).toThrow(ConfigError);
    expect(() => loadConfig({ ...base, ...env }, [])).toThrow(new RegExp(key));
  });

  it('reads the presence waits and derives the sweep from them', () => {
    expect(loadConfig({ ...base }, []).presence).toEqual({ awayAfterMs: 120_000, offlineAfterMs: 900_000, sweepEveryMs: 15_000 });
    expect(loadConfig({ ...base, PRESENCE_AWAY_AFTER_MS: '4000', PRESENCE_OFFLINE_AFTER_MS: '10000' }, []).presence).toEqual({ awayAfterMs: 4000, offlineAfterMs: 10_000, sweepEveryMs: 1000 });
    expect(loadConfig({ ...base, PRESENCE_AWAY_AFTER_MS: '1000', PRESENCE_OFFLINE_AFTER_MS: '1500' }, []).presence.sweepEveryMs).toBe(500);
  });

  it('reads the visitor reply e-mail sweep interval and lookback, and refuses bad ones (issue #9)', () => {
    expect(loadConfig({ ...base }, []).visitorReplyEmailSweep).toEqual({ everyMs: 60_000, lookbackMs: 21_600_000 });
    expect(loadConfig({ ...base, VISITOR_REPLY_EMAIL_SWEEP_EVERY_MS: '500', VISITOR_REPLY_EMAIL_SWEEP_LOOKBACK_MS: '3600000' }, []).visitorReplyEmailSweep).toEqual({ everyMs: 500, lookbackMs: 3_600_000 });
    expect(() => loadConfig({ ...base, VISITOR_REPLY_EMAIL_SWEEP_EVERY_MS: '10' }, [])).toThrow(/VISITOR_REPLY_EMAIL_SWEEP_EVERY_MS/);
    expect(() => loadConfig({ ...base, VISITOR_REPLY_EMAIL_SWEEP_EVERY_MS: 'often' }, [])).toThrow(ConfigError);
    expect(() => loadConfig({ ...base, VISITOR_REPLY_EMAIL_SWEEP_LOOKBACK_MS: '1000' }, [])).toThrow(/VISITOR_REPLY_EMAIL_SWEEP_LOOKBACK_MS/);
    expect(() => loadConfig({ ...base, VISITOR_REPLY_EMAIL_SWEEP_LOOKBACK_MS: '604800001' }, [])).toThrow(/VISITOR_REPLY_EMAIL_SWEEP_LOOKBACK_MS/);
  });

  it('reads the outbox attempts, backoff base and sweep interval, and refuses bad ones (issue #9)', () => {
    expect(loadConfig({ ...base }, []).outbox).toEqual({ maxAttempts: 5, retryBaseMs: 1000, sweepEveryMs: 30_000, claimMs: 300_000, concurrency: 20 });
    expect(loadConfig({ ...base, OUTBOX_MAX_ATTEMPTS: '3', OUTBOX_RETRY_BASE_MS: '250', OUTBOX_SWEEP_EVERY_MS: '500', OUTBOX_CLAIM_MS: '2000', OUTBOX_CONCURRENCY: '8' }, []).outbox).toEqual({ maxAttempts: 3, retryBaseMs: 250, sweepEveryMs: 500, claimMs: 2000, concurrency: 8 });
    expect(() => loadConfig({ ...base, OUTBOX_CLAIM_MS: '10' }, [])).toThrow(/OUTBOX_CLAIM_MS/);
    expect(() => loadConfig({ ...base, OUTBOX_CONCURRENCY: '0' }, [])).toThrow(/OUTBOX_CONCURRENCY/);
    // issue #10: the per-channel webhook limit
    expect(loadConfig({ ...base }, []).channelWebhookLimit).toEqual({ perSecond: 10_000, burst: 20_000 });
    expect(loadConfig({ ...base, CHANNEL_WEBHOOK_PER_SECOND: '50', CHANNEL_WEBHOOK_BURST: '100' }, []).channelWebhookLimit).toEqual({ perSecond: 50, burst: 100 });
    expect(() => loadConfig({ ...base, CHANNEL_WEBHOOK_PER_SECOND: '0' }, [])).toThrow(/CHANNEL_WEBHOOK_PER_SECOND/);
    expect(() => loadConfig({ ...base, CHANNEL_WEBHOOK_BURST: 'many' }, [])).toThrow(/CHANNEL_WEBHOOK_BURST/);
    expect(() => loadConfig({ ...base, OUTBOX_MAX_ATTEMPTS: '0' }, [])).toThrow(/OUTBOX_MAX_ATTEMPTS/);
    expect(() => loadConfig({ ...base, OUTBOX_RETRY_BASE_MS: 'soon' }, [])).toThrow(/OUTBOX_RETRY_BASE_MS/);
    expect(() => loadConfig({ ...base, OUTBOX_SWEEP_EVERY_MS: '10' }, [])).toThrow(ConfigError);
  });

  it('requires JWT_SECRET in production', () => {
    expect(() => loadConfig({ ...base, NODE_ENV: 'production' }, [])).toThrow(/JWT_SECRET: required in production/);
  });

  it('listens for forwarded mail on 2525 in development only, unless told (issue #10)', () => {
    expect(loadConfig({ ...base, NODE_ENV: 'development' }, []).inboundMail).toEqual({ port: 2525, host: '127.0.0.1', domain: 'parley.localhost' });
    expect(loadConfig({ ...base, NODE_ENV: 'test' }, []).inboundMail.port).toBeNull();
    expect(loadConfig({ ...base, NODE_ENV: 'development', INBOUND_SMTP_PORT: '0' }, []).inboundMail.port).toBeNull();
    expect(loadConfig({ ...base, NODE_ENV: 'test', INBOUND_SMTP_PORT: '2626', INBOUND_MAIL_DOMAIN: 'In.Shop.Test' }, []).inboundMail).toMatchObject({ port: 2626, domain: 'in.shop.test' });
    expect(() => loadConfig({ ...base, INBOUND_SMTP_PORT: '70000' }, [])).toThrow(/INBOUND_SMTP_PORT/);
    expect(() => loadConfig({ ...base, INBOUND_MAIL_DOMAIN: 'not a domain' }, [])).toThrow(/INBOUND_MAIL_DOMAIN/);
  });

  it('requires CHANNEL_SECRETS_KEY in production and refuses a short one anywhere', () => {
    const prod = { ...base, NODE_ENV: 'production', JWT_SECRET: 'p'.repeat(40) };
    expect(() => loadConfig(prod, [])).toThrow(/CHANNEL_SECRETS_KEY: required in production/);
    expect(loadConfig({ ...prod, CHANNEL_SECRETS_KEY: 'k'.repeat(40) }, []).channelSecretsKey).toBe('k'.repeat(40));
    expect(() => loadConfig({ ...base, CHANNEL_SECRETS_KEY: 'short' }, [])).toThrow(/CHANNEL_SECRETS_KEY/);
  });

  describe('SEED_DEMO', () => {
    const prod = { ...base, NODE_ENV: 'production', JWT_SECRET: 'p'.repeat(40), CHANNEL_SECRETS_KEY: 'k'.repeat(40) };
    it('defaults to seeding outside production and to not seeding in production', () => {
      expect(loadConfig({ ...base }, []).seedDemo).toBe(true);
      expect(loadConfig({ ...base, NODE_ENV: 'test' }, []).seedDemo).toBe(true);
      expect(loadConfig({ ...base, SEED_DEMO: 'false' }, []).seedDemo).toBe(false);
      expect(loadConfig({ ...prod }, []).seedDemo).toBe(false);
      expect(loadConfig({ ...prod, SEED_DEMO: 'false' }, []).seedDemo).toBe(false);
    });
    it.each(['true', '1', 'yes'])('refuses SEED_DEMO=%s in production and names the create-admin step', (v) => {
      expect(() => loadConfig({ ...prod, SEED_DEMO: v }, [])).toThrow(ConfigError);
      expect(() => loadConfig({ ...prod, SEED_DEMO: v }, [])).toThrow(/SEED_DEMO: .*never seeded in production.*create-admin/);
    });
    it('still rejects a malformed SEED_DEMO', () => {
      expect(() => loadConfig({ ...base, SEED_DEMO: 'sure' }, [])).toThrow(/SEED_DEMO/);
    });
  });
});
