import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/** Raised when the environment is invalid; `main` prints `message` alone and exits with code 78. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const postgresUrl = z
  .string()
  .url()
  .refine((u) => /^postgres(ql)?:\/\//.test(u), 'must start with postgres:// or postgresql://');
const redisUrl = z
  .string()
  .url()
  .refine((u) => /^rediss?:\/\//.test(u), 'must start with redis:// or rediss://');

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  PUBLIC_URL: z.string().url().optional(),
  DATABASE_URL: postgresUrl.optional(),
  REDIS_URL: redisUrl.optional(),
  REDIS_PREFIX: z.string().regex(/^[a-zA-Z0-9:_-]{1,40}$/, 'letters, digits, : _ - only').default('parley'),
  DATA_DIR: z.string().default('.data'),
  EMBEDDED_PG_PORT: z.coerce.number().int().min(1).max(65535).default(54329),
  STATIC_DIR: z.string().default('dist/apps'),
  JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(10).max(86_400).default(900),
  REFRESH_TOKEN_TTL_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  HISTORY_RETENTION_DAYS: z.coerce.number().int().min(0).max(3650).default(30),
  RUN_WORKERS: bool.default(true),
  /** Unset: true outside production, false in production (where true is refused). */
  SEED_DEMO: bool.optional(),
  SMTP_URL: z
    .string()
    .url()
    .refine((u) => /^smtps?:\/\//.test(u), 'must start with smtp:// or smtps://')
    .optional(),
  MAIL_FROM: z.string().min(3).max(200).regex(/^[^\r\n]*@[^\r\n]*$/, 'an address like "Parley <noreply@example.com>"').default('Parley <noreply@parley.local>'),
  VISITOR_REPLY_EMAIL_DELAY_MS: z.coerce.number().int().min(0).max(86_400_000).default(120_000),
  /**
   * Issue #9: how often the sweep e-mails unread operator answers whose check was lost (a crash, a
   * lost bus event, a failed enqueue), and how far back (beyond VISITOR_REPLY_EMAIL_DELAY_MS) it looks.
   */
  VISITOR_REPLY_EMAIL_SWEEP_EVERY_MS: z.coerce.number().int().min(200).max(3_600_000).default(60_000),
  VISITOR_REPLY_EMAIL_SWEEP_LOOKBACK_MS: z.coerce.number().int().min(60_000).max(604_800_000).default(21_600_000),
  /** Minutes a chat may wait at a bot step with no new message before the sweep closes it (1 minute to 30 days). */
  BOT_IDLE_CLOSE_MINUTES: z.coerce.number().int().min(1).max(43_200).default(120),
  /** An operator online by choice whose last operator-app connection has been gone this long becomes Away (1 s to 1 day). */
  PRESENCE_AWAY_AFTER_MS: z.coerce.number().int().min(1000).max(86_400_000).default(120_000),
  /** …and this long, Offline (1 s to 7 days; more than PRESENCE_AWAY_AFTER_MS). */
  PRESENCE_OFFLINE_AFTER_MS: z.coerce.number().int().min(1000).max(604_800_000).default(900_000),
  /** Outbox (issue #9): attempts per delivery, the first retry's wait (doubled each time), and how often the sweep re-publishes queued rows a crash left behind. */
  OUTBOX_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(5),
  OUTBOX_RETRY_BASE_MS: z.coerce.number().int().min(10).max(3_600_000).default(1000),
  OUTBOX_SWEEP_EVERY_MS: z.coerce.number().int().min(200).max(3_600_000).default(30_000),
  OUTBOX_CLAIM_MS: z.coerce.number().int().min(1000).max(3_600_000).default(5 * 60_000),
  /** Issue #10: deliveries one process sends at once (different conversations in parallel; one conversation's replies in order). */
  OUTBOX_CONCURRENCY: z.coerce.number().int().min(1).max(200).default(20),
  /** Issue #10: webhook calls one channel takes per second across every API process (a token bucket in Redis), and the burst above it; more get 429 with Retry-After. */
  CHANNEL_WEBHOOK_PER_SECOND: z.coerce.number().min(1).max(1_000_000).default(10_000),
  CHANNEL_WEBHOOK_BURST: z.coerce.number().int().min(1).max(10_000_000).default(20_000),
  /** Issue #15: requests one workspace API key may make (token bucket shared through Redis): per second and burst. */
  API_KEY_REQUESTS_PER_SECOND: z.coerce.number().min(0.01).max(100_000).default(10),
  API_KEY_REQUEST_BURST: z.coerce.number().int().min(1).max(1_000_000).default(100),
  /** How many reverse proxies in front of the API may set X-Forwarded-For (0: ignore the header). */
  TRUST_PROXY: z.coerce.number().int().min(0).max(10).default(0),
  /** Visitor limits (shared by every API process through Redis when REDIS_URL is set). */
  VISITOR_MESSAGES_PER_SECOND: z.coerce.number().min(0.1).max(1000).default(5),
  VISITOR_MESSAGE_BURST: z.coerce.number().int().min(1).max(10_000).default(20),
  VISITOR_IP_MESSAGES_PER_SECOND: z.coerce.number().min(0.1).max(10_000).default(20),
  VISITOR_IP_MESSAGE_BURST: z.coerce.number().int().min(1).max(100_000).default(60),
  VISITOR_NEW_PER_IP_PER_MINUTE: z.coerce.number().min(1).max(100_000).default(30),
  VISITOR_CONVERSATIONS_PER_IP_PER_MINUTE: z.coerce.number().min(1).max(100_000).default(10),
  VISITOR_CONVERSATIONS_PER_CHANNEL_PER_MINUTE: z.coerce.number().min(1).max(1_000_000).default(300),
  /** A visitor socket with more than this many bytes waiting to be sent is closed (code 4008). */
  VISITOR_SOCKET_MAX_BUFFER_BYTES: z.coerce.number().int().min(16_384).max(1_073_741_824).default(1_048_576),
  /** Active subscriptions one graphql-ws socket may hold; further ones are answered with RATE_LIMITED. */
  GRAPHQL_WS_MAX_SUBSCRIPTIONS: z.coerce.number().int().min(1).max(10_000).default(50),
  /** Bytes a graphql-ws socket may have unsent before it is closed as a slow consumer (code 1013). */
  GRAPHQL_WS_MAX_BUFFERED_BYTES: z.coerce.number().int().min(1024).max(1024 * 1024 * 1024).default(4 * 1024 * 1024),
  /** Issue #10: where the Telegram Bot API and the WhatsApp Cloud (Graph) API are (tests point them at local servers). */
  TELEGRAM_API_BASE: z.string().url().default('https://api.telegram.org'),
  // the e-mail channel's forwarding listener (issue #10): off unless a port is set (npm start: 2525 in development)
  INBOUND_SMTP_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  INBOUND_SMTP_HOST: z.string().min(1).max(255).optional(),
  INBOUND_MAIL_DOMAIN: z
    .string()
    .regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+$/i, 'a domain like mail.example.com')
    .default('parley.localhost'),
  /** Issue #10: automatic mails (C7 answers, confirmations, an automation's e-mail) to one address at most this many an hour (0: none). */
  AUTO_MAIL_PER_HOUR: z.coerce.number().int().min(0).max(10_000).default(5),
  /** …and automated mail (auto-replies, bulk, bounces) stored from one sender on one e-mail channel at most this many an hour; more is dropped (a mail bomb). */
  AUTOMATED_INBOUND_PER_HOUR: z.coerce.number().int().min(1).max(100_000).default(20),
  /** Issue #10: API processes keep an IMAP IDLE connection to each mailbox whose server has IDLE (new mail read at once). Default on, off in tests. */
  EMAIL_IMAP_IDLE: bool.optional(),
  WHATSAPP_API_BASE: z.string().url().default('https://graph.facebook.com'),
  /** Issue #12 (E5): where the Stripe API is (protocol, host and port; tests point it at a local server speaking the Checkout Sessions API). */
  STRIPE_API_BASE: z
    .string()
    .url()
    .refine((u) => /^https?:\/\//.test(u), 'must start with http:// or https://')
    .default('https://api.stripe.com'),
  /** Issue #12 (E5): how long a payment link may be paid (1 hour to 30 days; 3 days by default). */
  PAYMENT_LINK_TTL_HOURS: z.coerce.number().int().min(1).max(720).default(72),
  /** Issue #10: the key channel secrets (passwords, tokens) are encrypted with at rest; 32+ characters. Unset outside production: kept in $DATA_DIR. */
  CHANNEL_SECRETS_KEY: z.string().min(32, 'must be at least 32 characters').optional(),
  /** Issue #11 (E7): how long "Summarise" waits for the AI provider before it reports a timeout. */
  AI_SUMMARY_TIMEOUT_MS: z.coerce.number().int().min(1000).max(300_000).default(30_000),
  /** Issue #12 (E10): a catalogue feed's bytes at most (fetched or uploaded; 200 MB). */
  CATALOGUE_FEED_MAX_BYTES: z.coerce.number().int().min(1024).max(4 * 1024 * 1024 * 1024).default(200 * 1024 * 1024),
  /** …how long fetching one may take, from the request to its last byte (10 minutes). */
  CATALOGUE_FEED_TIMEOUT_MS: z.coerce.number().int().min(1000).max(3_600_000).default(600_000),
  /** …whether feed URLs may point at loopback, private and link-local addresses (self-hosting, tests). Off by default: the server would fetch its own network for anyone who may add a feed. */
  CATALOGUE_FEED_ALLOW_PRIVATE_ADDRESSES: bool.default(false),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type AppMode = 'api' | 'worker';

/** The validated, typed configuration. Secrets are marked and never logged (see `describe()`). */
export class AppConfig {
  readonly nodeEnv: 'development' | 'production' | 'test';
  readonly mode: AppMode;
  readonly port: number;
  readonly host: string;
  readonly publicUrl: string | undefined;
  readonly databaseUrl: string | undefined;
  readonly redisUrl: string | undefined;
  /** Namespaces BullMQ keys and pub/sub channels, so several deployments (or test runs) can share one Redis. */
  readonly redisPrefix: string;
  readonly dataDir: string;
  readonly embeddedPgPort: number;
  readonly staticDir: string;
  /** secret */
  readonly jwtSecret: string;
  readonly accessTokenTtlSeconds: number;
  readonly refreshTokenTtlDays: number;
  /** Days a deleted conversation is kept (restorable by support) before the purge job removes it. */
  readonly historyRetentionDays: number;
  readonly runWorkers: boolean;
  /** Seed the demo workspace into an empty database at start; never in production. */
  readonly seedDemo: boolean;
  readonly logLevel: string;
  /** secret (may carry a password). Without it mail is written as .eml files to `$DATA_DIR/mail-outbox`. */
  readonly smtpUrl: string | undefined;
  /** Default sender of every e-mail (a channel's reply address overrides it for replies to visitors). */
  readonly mailFrom: string;
  /** How long an operator's answer may stay unread before it is e-mailed to the visitor (SPEC C7). */
  readonly visitorReplyEmailDelayMs: number;
  /** Issue #9: the sweep that e-mails unread answers whose check was lost (SPEC C7). */
  readonly visitorReplyEmailSweep: VisitorReplyEmailSweepSettings;
  /** SPEC C9/D2: a chat left waiting at a bot step this long with no new message is closed by the sweep. */
  readonly botIdleCloseMinutes: number;
  /** Automatic presence (issue #17): Away, then Offline, after the operator's last connection is gone this long. */
  readonly presence: PresenceSettings;
  /** Outbox (issue #9): delivery attempts, backoff base and crash-recovery sweep interval. */
  readonly outbox: OutboxSettings;
  /** Issue #10: the per-channel webhook limit (calls per second and burst, shared through Redis). */
  readonly channelWebhookLimit: { perSecond: number; burst: number };
  /** Issue #15: the per-key request limit of workspace API keys (GraphQL and REST, shared through Redis). */
  readonly apiKeyLimit: { perSecond: number; burst: number };
  /** Reverse proxies trusted to set X-Forwarded-For (0: use the socket's address). */
  readonly trustProxy: number;
  /** Visitor rate limits (VISITOR_* env): per visitor, per IP and per channel. */
  readonly visitorLimits: VisitorLimitSettings;
  /** Bytes a visitor socket may have waiting to be sent before it is closed as a slow consumer. */
  readonly visitorSocketMaxBufferBytes: number;
  readonly graphqlWsMaxSubscriptions: number;
  readonly graphqlWsMaxBufferedBytes: number;
  /** Issue #10: the providers' API base URLs (no trailing slash). */
  readonly channelApis: { telegram: string; whatsapp: string };
  /**
   * Issue #10: Parley's own SMTP listener for e-mail channels in forwarding mode: mail to
   * `<channel key>@<domain>` lands in that channel. `port` null: off (the default outside
   * development; development listens on 2525 so the demo's e-mail channel works out of the box).
   */
  readonly inboundMail: { port: number | null; host: string; domain: string };
  /** Issue #10: loop protection (AUTO_MAIL_PER_HOUR, AUTOMATED_INBOUND_PER_HOUR). */
  readonly autoMail: { perHour: number; automatedInboundPerHour: number };
  /** EMAIL_IMAP_IDLE: watch IMAP mailboxes with IDLE. */
  readonly emailImapIdle: boolean;
  /** secret: encrypts channel secrets at rest (issue #10). */
  readonly channelSecretsKey: string;
  /** AI_SUMMARY_TIMEOUT_MS: the AI summary's deadline for the provider's answer (E7). */
  readonly aiSummaryTimeoutMs: number;
  /** Issue #12 (E10): catalogue feeds' size cap, fetch deadline and whether private addresses may be fetched (CATALOGUE_FEED_*). */
  readonly catalogueFeeds: { maxBytes: number; timeoutMs: number; allowPrivateAddresses: boolean };
  /** Issue #12 (E5): the acquirers' APIs (STRIPE_API_BASE) and how long a payment link stays payable (PAYMENT_LINK_TTL_HOURS). */
  readonly payments: { stripeApiBase: string; linkTtlHours: number };

  constructor(values: Omit<AppConfig, 'describe' | 'isProduction'>) {
    Object.assign(this, values);
  }

  get isProduction(): boolean {
    return this.nodeEnv === 'production';
  }

  /** One line for the start log: which runtime mode is active, without secrets. */
  describe(): string {
    const db = this.databaseUrl ? `PostgreSQL at ${redact(this.databaseUrl)}` : `embedded PostgreSQL (data in ${this.dataDir}/pg)`;
    const queue = this.redisUrl ? `BullMQ + Redis pub/sub at ${redact(this.redisUrl)}` : 'in-process queue and in-memory pub/sub';
    const mail = this.smtpUrl ? `SMTP at ${redact(this.smtpUrl)}` : `written to ${this.dataDir}/mail-outbox`;
    const inbound = this.inboundMail.port ? `; inbound mail: SMTP on ${this.inboundMail.host}:${this.inboundMail.port} for *@${this.inboundMail.domain}` : '';
    return `mode=${this.mode}; database: ${db}; jobs: ${queue}; workers ${this.runWorkers ? 'on' : 'off'}; mail: ${mail}${inbound}`;
  }
}

export interface PresenceSettings {
  awayAfterMs: number;
  offlineAfterMs: number;
  /** How often the presence sweep runs: a quarter of the shorter wait, from 0.5 s to 15 s. */
  sweepEveryMs: number;
}

export interface OutboxSettings {
  maxAttempts: number;
  retryBaseMs: number;
  sweepEveryMs: number;
  /** How long a worker holds a delivery it is sending: a crash mid-send frees the row after this (then it is sent again). */
  claimMs: number;
  /** Deliveries this process sends at once (the outbox queue's worker concurrency). */
  concurrency: number;
}

export interface VisitorReplyEmailSweepSettings {
  /** How often it runs; an answer unread for the delay plus one interval is due. */
  everyMs: number;
  /** Answers older than the delay plus this are left alone (their conversation has been quiet that long). */
  lookbackMs: number;
}

export interface VisitorLimitSettings {
  messagesPerSecond: number;
  messageBurst: number;
  ipMessagesPerSecond: number;
  ipMessageBurst: number;
  newVisitorsPerIpPerMinute: number;
  conversationsPerIpPerMinute: number;
  conversationsPerChannelPerMinute: number;
}

function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparsable url)';
  }
}

/**
 * An empty variable (`DATABASE_URL=` in a .env file or a compose file) is unset, as most tools treat
 * it (issue #15): its default applies instead of a validation error. Only whitespace counts as empty.
 */
export function withoutEmpty(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined && v.trim() !== '') out[k] = v;
  return out;
}

/**
 * Validates the environment once, at boot. Problems are collected into one readable message.
 * Without JWT_SECRET outside production a secret is generated once and kept in DATA_DIR, so
 * sessions survive restarts of a developer's machine.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, argv: string[] = process.argv): AppConfig {
  env = withoutEmpty(env);
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.') || '(env)'}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const mode: AppMode = argv.includes('--worker') || env['PARLEY_MODE'] === 'worker' ? 'worker' : 'api';
  const dataDir = path.resolve(e.DATA_DIR);
  let jwtSecret = e.JWT_SECRET;
  if (!jwtSecret) {
    if (e.NODE_ENV === 'production') {
      throw new ConfigError('Invalid configuration:\n  JWT_SECRET: required in production (at least 32 characters)');
    }
    jwtSecret = readOrCreateSecret(path.join(dataDir, 'jwt-secret'));
  }
  let channelSecretsKey = e.CHANNEL_SECRETS_KEY;
  if (!channelSecretsKey) {
    if (e.NODE_ENV === 'production') {
      throw new ConfigError('Invalid configuration:\n  CHANNEL_SECRETS_KEY: required in production (at least 32 characters)');
    }
    channelSecretsKey = readOrCreateSecret(path.join(dataDir, 'channel-secrets-key'));
  }
  if (e.PRESENCE_OFFLINE_AFTER_MS <= e.PRESENCE_AWAY_AFTER_MS) {
    throw new ConfigError(
      `Invalid configuration:\n  PRESENCE_OFFLINE_AFTER_MS: must be more than PRESENCE_AWAY_AFTER_MS (${e.PRESENCE_AWAY_AFTER_MS} ms); got ${e.PRESENCE_OFFLINE_AFTER_MS} ms`,
    );
  }
  if (e.NODE_ENV === 'production' && e.SEED_DEMO === true) {
    // the demo logins share one published password: a production install must never get them
    throw new ConfigError(
      'Invalid configuration:\n  SEED_DEMO: the demo workspace (published password) is never seeded in production; ' +
        'unset SEED_DEMO and create the first admin with `node dist/apps/api/main.js create-admin --email <address> --workspace <name>`',
    );
  }
  return new AppConfig({
    nodeEnv: e.NODE_ENV,
    mode,
    port: e.PORT,
    host: e.HOST,
    publicUrl: e.PUBLIC_URL,
    databaseUrl: e.DATABASE_URL,
    redisUrl: e.REDIS_URL,
    redisPrefix: e.REDIS_PREFIX,
    dataDir,
    embeddedPgPort: e.EMBEDDED_PG_PORT,
    staticDir: path.resolve(e.STATIC_DIR),
    jwtSecret,
    accessTokenTtlSeconds: e.ACCESS_TOKEN_TTL_SECONDS,
    refreshTokenTtlDays: e.REFRESH_TOKEN_TTL_DAYS,
    historyRetentionDays: e.HISTORY_RETENTION_DAYS,
    runWorkers: mode === 'worker' ? true : e.RUN_WORKERS,
    seedDemo: e.SEED_DEMO ?? e.NODE_ENV !== 'production',
    logLevel: e.LOG_LEVEL,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    visitorReplyEmailDelayMs: e.VISITOR_REPLY_EMAIL_DELAY_MS,
    visitorReplyEmailSweep: { everyMs: e.VISITOR_REPLY_EMAIL_SWEEP_EVERY_MS, lookbackMs: e.VISITOR_REPLY_EMAIL_SWEEP_LOOKBACK_MS },
    botIdleCloseMinutes: e.BOT_IDLE_CLOSE_MINUTES,
    presence: {
      awayAfterMs: e.PRESENCE_AWAY_AFTER_MS,
      offlineAfterMs: e.PRESENCE_OFFLINE_AFTER_MS,
      sweepEveryMs: Math.min(15_000, Math.max(500, Math.floor(Math.min(e.PRESENCE_AWAY_AFTER_MS, e.PRESENCE_OFFLINE_AFTER_MS - e.PRESENCE_AWAY_AFTER_MS) / 4))),
    },
    outbox: { maxAttempts: e.OUTBOX_MAX_ATTEMPTS, retryBaseMs: e.OUTBOX_RETRY_BASE_MS, sweepEveryMs: e.OUTBOX_SWEEP_EVERY_MS, claimMs: e.OUTBOX_CLAIM_MS, concurrency: e.OUTBOX_CONCURRENCY },
    trustProxy: e.TRUST_PROXY,
    channelWebhookLimit: { perSecond: e.CHANNEL_WEBHOOK_PER_SECOND, burst: e.CHANNEL_WEBHOOK_BURST },
    apiKeyLimit: { perSecond: e.API_KEY_REQUESTS_PER_SECOND, burst: e.API_KEY_REQUEST_BURST },
    visitorLimits: {
      messagesPerSecond: e.VISITOR_MESSAGES_PER_SECOND,
      messageBurst: e.VISITOR_MESSAGE_BURST,
      ipMessagesPerSecond: e.VISITOR_IP_MESSAGES_PER_SECOND,
      ipMessageBurst: e.VISITOR_IP_MESSAGE_BURST,
      newVisitorsPerIpPerMinute: e.VISITOR_NEW_PER_IP_PER_MINUTE,
      conversationsPerIpPerMinute: e.VISITOR_CONVERSATIONS_PER_IP_PER_MINUTE,
      conversationsPerChannelPerMinute: e.VISITOR_CONVERSATIONS_PER_CHANNEL_PER_MINUTE,
    },
    visitorSocketMaxBufferBytes: e.VISITOR_SOCKET_MAX_BUFFER_BYTES,
    graphqlWsMaxSubscriptions: e.GRAPHQL_WS_MAX_SUBSCRIPTIONS,
    graphqlWsMaxBufferedBytes: e.GRAPHQL_WS_MAX_BUFFERED_BYTES,
    channelApis: { telegram: e.TELEGRAM_API_BASE.replace(/\/+$/, ''), whatsapp: e.WHATSAPP_API_BASE.replace(/\/+$/, '') },
    inboundMail: {
      port: e.INBOUND_SMTP_PORT === undefined ? (e.NODE_ENV === 'development' ? 2525 : null) : e.INBOUND_SMTP_PORT || null,
      host: e.INBOUND_SMTP_HOST ?? (e.NODE_ENV === 'development' ? '127.0.0.1' : e.HOST),
      domain: e.INBOUND_MAIL_DOMAIN.toLowerCase(),
    },
    autoMail: { perHour: e.AUTO_MAIL_PER_HOUR, automatedInboundPerHour: e.AUTOMATED_INBOUND_PER_HOUR },
    emailImapIdle: e.EMAIL_IMAP_IDLE ?? e.NODE_ENV !== 'test',
    channelSecretsKey,
    aiSummaryTimeoutMs: e.AI_SUMMARY_TIMEOUT_MS,
    catalogueFeeds: { maxBytes: e.CATALOGUE_FEED_MAX_BYTES, timeoutMs: e.CATALOGUE_FEED_TIMEOUT_MS, allowPrivateAddresses: e.CATALOGUE_FEED_ALLOW_PRIVATE_ADDRESSES },
    payments: { stripeApiBase: e.STRIPE_API_BASE.replace(/\/+$/, ''), linkTtlHours: e.PAYMENT_LINK_TTL_HOURS },
  });
}

function readOrCreateSecret(file: string): string {
  try {
    const existing = fs.readFileSync(file, 'utf8').trim();
    if (existing.length >= 32) return existing;
  } catch {
    // not there yet
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  fs.writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}
