import type { HelloFrame, VisitorServerFrame, WelcomeFrame } from '@parley/shared/contracts';
import { createClient, Client } from 'graphql-ws';
import WebSocket from 'ws';

/**
 * The benchmark's stand-ins for the widget (a raw visitor socket) and the operator app (a
 * graphql-ws subscriber). Types come from the shared contracts; nothing else of the app is used.
 */

/** Extra loopback source addresses, so tens of thousands of sockets do not run out of ephemeral ports. */
const SOURCE_ADDRESSES = ['127.0.0.1', '127.0.0.2', '127.0.0.3', '127.0.0.4'];
let nextSource = 0;

export type FrameHandler = (v: VisitorSocket, frame: VisitorServerFrame, at: number) => void;

export class VisitorSocket {
  ws: WebSocket | undefined;
  token: string | undefined;
  conversationId: string | null = null;
  lastSeq = 0;
  onFrame: FrameHandler | undefined;

  constructor(
    readonly url: string,
    readonly index: number,
  ) {}

  /** Connects, sends `hello`, resolves on `welcome` (rejects on an error frame, close or timeout). */
  open(hello: Omit<HelloFrame, 'type'>, timeoutMs = 60_000): Promise<WelcomeFrame> {
    return new Promise((resolve, reject) => {
      const localAddress = SOURCE_ADDRESSES[nextSource++ % SOURCE_ADDRESSES.length];
      const ws = new WebSocket(this.url, { perMessageDeflate: false, handshakeTimeout: timeoutMs, localAddress });
      this.ws = ws;
      let settled = false;
      const timer = setTimeout(() => done(new Error('welcome timeout')), timeoutMs);
      const done = (err: Error | null, w?: WelcomeFrame) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (err) reject(err);
        else resolve(w as WelcomeFrame);
      };
      ws.on('open', () => ws.send(JSON.stringify({ type: 'hello', ...hello })));
      ws.on('message', (data) => {
        const at = performance.now();
        let frame: VisitorServerFrame;
        try {
          frame = JSON.parse(data.toString());
        } catch {
          return;
        }
        if (frame.type === 'welcome') {
          this.token = frame.visitorToken;
          this.conversationId = frame.conversationId;
          this.lastSeq = Math.max(this.lastSeq, frame.lastSeq);
          done(null, frame);
        } else if (frame.type === 'error' && !settled && !frame.clientId) {
          done(new Error(`error ${frame.code}: ${frame.message}`));
        }
        this.onFrame?.(this, frame, at);
      });
      ws.on('error', (e) => done(e));
      ws.on('close', (code) => done(new Error(`closed (${code}) before welcome`)));
    });
  }

  get isOpen(): boolean {
    return this.ws?.readyState === WebSocket.OPEN;
  }

  send(clientId: string, body: string): boolean {
    if (!this.isOpen) return false;
    (this.ws as WebSocket).send(JSON.stringify({ type: 'send', clientId, body }));
    return true;
  }

  /** A dropped network, not a polite close: the server learns of it from the TCP reset. */
  drop(): void {
    this.ws?.terminate();
  }
}

export interface InboxMessageEvent {
  kind: string;
  conversation: { id: string };
  message: { id: string; seq: number; clientId: string | null; body: string } | null;
}

export async function login(baseUrl: string, email: string, password: string): Promise<string> {
  const res = await fetch(`${baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: 'mutation($i: LoginInput!) { login(input: $i) { accessToken } }', variables: { i: { email, password } } }),
  });
  const json = (await res.json()) as { data?: { login: { accessToken: string } }; errors?: unknown };
  if (!json.data) throw new Error(`login failed: ${JSON.stringify(json.errors)}`);
  return json.data.login.accessToken;
}

/** An operator app's live connection: one graphql-ws client with one `inboxEvent` subscription. */
export class AgentSubscriber {
  private client: Client | undefined;
  private dispose: (() => void) | undefined;
  errors: string[] = [];

  constructor(
    readonly index: number,
    private readonly wsUrl: string,
    private readonly token: string,
  ) {}

  async start(onEvent: (agent: number, e: InboxMessageEvent, at: number) => void): Promise<void> {
    let connected!: () => void;
    let failed!: (e: unknown) => void;
    const ready = new Promise<void>((res, rej) => ((connected = res), (failed = rej)));
    this.client = createClient({
      url: `${this.wsUrl}/graphql`,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${this.token}` },
      retryAttempts: 0,
      lazy: false,
      on: { connected: () => connected(), closed: (e) => failed(e) },
    });
    await ready;
    this.dispose = this.client.subscribe<{ inboxEvent: InboxMessageEvent }>(
      { query: 'subscription { inboxEvent { kind conversation { id } message { id seq clientId body } } }' },
      {
        next: (r) => {
          const at = performance.now();
          if (r.data?.inboxEvent) onEvent(this.index, r.data.inboxEvent, at);
          if (r.errors) this.errors.push(JSON.stringify(r.errors));
        },
        error: (e) => this.errors.push(String((e as Error)?.message ?? JSON.stringify(e))),
        complete: () => undefined,
      },
    );
  }

  async stop(): Promise<void> {
    this.dispose?.();
    await this.client?.dispose();
  }
}
