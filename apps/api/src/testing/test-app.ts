import { INestApplication } from '@nestjs/common';
import { AppConfig, loadConfig } from '@parley/api/platform/config';
import { QueueService } from '@parley/api/platform/queue';
import { createClient, Client } from 'graphql-ws';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { Client as PgClient } from 'pg';
import { DataSource } from 'typeorm';
import WebSocket from 'ws';
import { createApiApp, migrate } from '../app/bootstrap';
import { DEMO_PASSWORD } from '../seed/demo-seed';

export interface GraphqlResult<T = Record<string, any>> {
  status: number;
  data?: T;
  errors?: Array<{ message: string; extensions?: Record<string, any> }>;
  headers: Headers;
}

/**
 * The real app on a random port over its own fresh database (and its own Redis prefix when
 * REDIS_URL is set). Helpers speak to it the way the operator app and the widget do.
 */
export class TestApp {
  private constructor(
    readonly app: INestApplication,
    readonly url: string,
    readonly config: AppConfig,
    private readonly adminUrl: string,
    private readonly dbName: string,
    readonly databaseUrl: string,
    private readonly replica = false,
  ) {}

  /**
   * `appDatabaseUrl`: the URL the app itself connects with (e.g. through a TCP proxy a test can cut).
   * `replicaOf`: a second API process of that app (its database and Redis prefix); stopping it leaves the database.
   */
  static async start(
    env: Record<string, string> = {},
    opts: { seedDemo?: boolean; appDatabaseUrl?: (url: string) => string; replicaOf?: TestApp } = {},
  ): Promise<TestApp> {
    const adminUrl = process.env['PARLEY_TEST_ADMIN_URL'];
    if (!adminUrl) throw new Error('PARLEY_TEST_ADMIN_URL is not set: run through jest (globalSetup)');
    const replicaOf = opts.replicaOf;
    const dbName = replicaOf ? replicaOf.dbName : `parley_it_${randomBytes(6).toString('hex')}`;
    if (!replicaOf) {
      const admin = new PgClient({ connectionString: adminUrl });
      await admin.connect();
      await admin.query(`CREATE DATABASE ${dbName}`);
      await admin.end();
    }
    const u = new URL(adminUrl);
    u.pathname = `/${dbName}`;
    const databaseUrl = u.toString();
    const config = loadConfig(
      {
        NODE_ENV: 'test',
        PORT: '0',
        HOST: '127.0.0.1',
        DATA_DIR: path.join(os.tmpdir(), 'parley-test-data'),
        LOG_LEVEL: 'warn',
        JWT_SECRET: 'test-secret-test-secret-test-secret-0123456789',
        STATIC_DIR: path.join(os.tmpdir(), 'parley-test-static-none'),
        REDIS_PREFIX: `parley-test-${dbName}`,
        ...(process.env['REDIS_URL'] ? { REDIS_URL: process.env['REDIS_URL'] } : {}),
        // every test visitor comes from 127.0.0.1: the per-IP limits are tested where asked for
        VISITOR_IP_MESSAGES_PER_SECOND: '10000',
        VISITOR_IP_MESSAGE_BURST: '100000',
        VISITOR_NEW_PER_IP_PER_MINUTE: '100000',
        VISITOR_CONVERSATIONS_PER_IP_PER_MINUTE: '100000',
        VISITOR_CONVERSATIONS_PER_CHANNEL_PER_MINUTE: '1000000',
        // test operators mostly speak HTTP without a socket: automatic Away/Offline is tested where asked for
        PRESENCE_AWAY_AFTER_MS: '3600000',
        PRESENCE_OFFLINE_AFTER_MS: '7200000',
        ...env,
      },
      ['node', 'main.js'],
    );
    if (!replicaOf) await migrate(databaseUrl, { seedDemo: opts.seedDemo ?? true });
    const app = await createApiApp(config, opts.appDatabaseUrl ? opts.appDatabaseUrl(databaseUrl) : databaseUrl);
    await app.listen(0, '127.0.0.1');
    const address = app.getHttpServer().address();
    return new TestApp(app, `http://127.0.0.1:${address.port}`, config, adminUrl, dbName, databaseUrl, !!replicaOf);
  }

  get wsUrl(): string {
    return this.url.replace(/^http/, 'ws');
  }

  get db(): DataSource {
    return this.app.get(DataSource);
  }

  queue(): QueueService {
    return this.app.get(QueueService);
  }

  async graphql<T = Record<string, any>>(query: string, variables: Record<string, unknown> = {}, token?: string, headers: Record<string, string> = {}): Promise<GraphqlResult<T>> {
    const res = await fetch(`${this.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json()) as { data?: T; errors?: GraphqlResult['errors'] };
    return { status: res.status, data: body.data ?? undefined, errors: body.errors, headers: res.headers };
  }

  async login(email: string, password = DEMO_PASSWORD): Promise<string> {
    const r = await this.graphql<{ login: { accessToken: string } }>(`mutation($i: LoginInput!) { login(input: $i) { accessToken } }`, { i: { email, password } });
    if (!r.data) throw new Error(`login failed: ${JSON.stringify(r.errors)}`);
    return r.data.login.accessToken;
  }

  /** A graphql-ws client as the operator app opens it; `connected` resolves after the handshake. */
  subscriptions(token: string): { client: Client; connected: Promise<void> } {
    let resolve!: () => void;
    let reject!: (e: unknown) => void;
    const connected = new Promise<void>((res, rej) => ((resolve = res), (reject = rej)));
    const client = createClient({
      url: `${this.wsUrl}/graphql`,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${token}` },
      retryAttempts: 0,
      lazy: false,
      // a failed handshake rejects `connected`; don't also print the close event
      onNonLazyError: () => undefined,
      on: { connected: () => resolve(), closed: (e) => reject(e) },
    });
    return { client, connected };
  }

  async visitor(channelKey = 'demo-webchat', opts: { visitorToken?: string; lastSeq?: number } = {}): Promise<VisitorClient> {
    const v = new VisitorClient(`${this.wsUrl}/ws/visitor`);
    await v.open();
    v.sendFrame({ type: 'hello', channelKey, ...opts });
    return v;
  }

  /** A visitor who has written once: the socket, its welcome, the acknowledgement and the conversation id. */
  async visitorWithConversation(body = 'Hello, is anyone there?'): Promise<{ v: VisitorClient; welcome: any; ack: any; conversationId: string }> {
    const v = await this.visitor();
    const welcome = await v.welcome();
    const ack = await v.ack(v.send(body));
    if (ack.type !== 'ack') throw new Error(`the first message was refused: ${JSON.stringify(ack)}`);
    return { v, welcome, ack, conversationId: ack.message.conversationId as string };
  }

  async stop(): Promise<void> {
    await this.app.close();
    if (this.replica) return;
    const admin = new PgClient({ connectionString: this.adminUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${this.dbName} WITH (FORCE)`);
    await admin.end();
  }
}

/** A widget stand-in speaking the visitor protocol; frames are collected for assertions. */
export class VisitorClient {
  readonly frames: any[] = [];
  private ws!: WebSocket;
  private waiters: Array<{ pred: (f: any) => boolean; resolve: (f: any) => void }> = [];
  closeCode: number | undefined;

  /** `headers`: e.g. X-Forwarded-For, to speak from another address when the app trusts a proxy. */
  constructor(
    private readonly url: string,
    private readonly headers?: Record<string, string>,
  ) {}

  open(): Promise<void> {
    this.ws = new WebSocket(this.url, this.headers ? { headers: this.headers } : undefined);
    this.ws.on('message', (d) => {
      const f = JSON.parse(d.toString());
      this.frames.push(f);
      this.waiters = this.waiters.filter((w) => (w.pred(f) ? (w.resolve(f), false) : true));
    });
    this.ws.on('close', (code) => (this.closeCode = code));
    return new Promise((resolve, reject) => {
      this.ws.once('open', () => resolve());
      this.ws.once('error', reject);
    });
  }

  sendFrame(frame: unknown): void {
    this.ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  send(body: string, clientId: string = randomBytes(8).toString('hex')): string {
    this.sendFrame({ type: 'send', clientId, body });
    return clientId;
  }

  /** The first frame, already received or still to come, that matches. */
  waitFor(pred: (f: any) => boolean, timeoutMs = 5000): Promise<any> {
    const seen = this.frames.find(pred);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`timed out waiting for a frame; got ${JSON.stringify(this.frames.map((f) => f.type)).slice(-600)}; last ${JSON.stringify(this.frames.at(-1) ?? null).slice(0, 400)}`)), timeoutMs);
      this.waiters.push({ pred, resolve: (f) => (clearTimeout(t), resolve(f)) });
    });
  }

  welcome(): Promise<any> {
    return this.waitFor((f) => f.type === 'welcome');
  }

  ack(clientId: string): Promise<any> {
    return this.waitFor((f) => (f.type === 'ack' || f.type === 'error') && f.clientId === clientId);
  }

  close(): void {
    this.ws.close();
  }

  terminate(): void {
    this.ws.terminate();
  }
}

/**
 * Collects the next `count` events of a subscription. graphql-ws has no acknowledgement of a
 * subscribe, so `ready` waits for the handshake plus a short pause before the test acts.
 */
export function collect<T>(sub: { client: Client; connected: Promise<void> }, query: string, count: number, timeoutMs = 5000): { done: Promise<T[]>; ready: Promise<void> } {
  const { client } = sub;
  const items: T[] = [];
  const ready = sub.connected.then(() => new Promise<void>((r) => setTimeout(r, 200)));
  const done = new Promise<T[]>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`subscription got ${items.length}/${count} events: ${JSON.stringify(items).slice(0, 500)}`)), timeoutMs);
    const unsubscribe = client.subscribe<T>(
      { query },
      {
        next: (v) => {
          items.push(v.data as T);
          if (items.length >= count) {
            clearTimeout(t);
            unsubscribe();
            resolve(items);
          }
        },
        error: (e) => {
          clearTimeout(t);
          reject(e instanceof Error ? e : new Error(JSON.stringify(e)));
        },
        complete: () => undefined,
      },
    );
  });
  return { done, ready };
}
