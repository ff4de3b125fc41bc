/**
 * The session against a real WebSocket server (the `ws` package) playing the visitor gateway.
 */
import { MessageAuthorType, type VisitorClientFrame, type VisitorMessage, type VisitorServerFrame } from '@parley/shared/contracts';
import type { AddressInfo } from 'node:net';
import { WebSocket, WebSocketServer } from 'ws';
import { ChatSession, SEND_AUTO_RETRIES, type SocketLike } from './chat-session';
import { DEFAULT_SETTINGS } from './settings';
import { memoryStorage, tokenKey, type KeyValueStore } from './storage';

/** A scripted gateway: answers hello with welcome + replay, send with ack; records everything. */
class FakeGateway {
  readonly wss = new WebSocketServer({ port: 0 });
  readonly frames: VisitorClientFrame[] = [];
  readonly messages: VisitorMessage[] = [];
  sockets: WebSocket[] = [];
  connections = 0;
  /** Override to change how hello/send are answered. */
  onFrame: (ws: WebSocket, frame: VisitorClientFrame) => void = (ws, f) => this.defaultReply(ws, f);
  acksEnabled = true;

  constructor() {
    this.wss.on('connection', (ws) => {
      this.connections++;
      this.sockets.push(ws);
      ws.on('message', (data) => {
        const frame = JSON.parse(String(data)) as VisitorClientFrame;
        this.frames.push(frame);
        this.onFrame(ws, frame);
      });
    });
  }

  listening(): Promise<void> {
    return this.wss.address() ? Promise.resolve() : new Promise((resolve) => this.wss.once('listening', () => resolve()));
  }

  get url(): string {
    return `ws://127.0.0.1:${(this.wss.address() as AddressInfo).port}/ws/visitor`;
  }

  send(ws: WebSocket, frame: VisitorServerFrame | Record<string, unknown> | string): void {
    ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  operatorSays(body: string): VisitorMessage {
    const m = this.store({ authorType: MessageAuthorType.operator, authorName: 'Anna', body, clientId: null });
    for (const ws of this.sockets) if (ws.readyState === WebSocket.OPEN) this.send(ws, { type: 'message', message: m });
    return m;
  }

  dropAll(): void {
    for (const ws of this.sockets) ws.terminate();
    this.sockets = [];
  }

  close(): Promise<void> {
    this.dropAll();
    return new Promise((resolve) => this.wss.close(() => resolve()));
  }

  hellos() {
    return this.frames.filter((f) => f.type === 'hello');
  }

  sends() {
    return this.frames.filter((f) => f.type === 'send');
  }

  private store(m: Pick<VisitorMessage, 'authorType' | 'authorName' | 'body' | 'clientId'>): VisitorMessage {
    const seq = this.messages.length + 1;
    const message: VisitorMessage = { id: `srv-${seq}`, conversationId: 'conv-1', seq, createdAt: new Date().toISOString(), ...m };
    this.messages.push(message);
    return message;
  }

  private defaultReply(ws: WebSocket, frame: VisitorClientFrame): void {
    if (frame.type === 'hello') {
      const lastSeq = frame.lastSeq ?? 0;
      this.send(ws, {
        type: 'welcome',
        visitorToken: frame.visitorToken ?? 'tok-1',
        conversationId: this.messages.length ? 'conv-1' : null,
        lastSeq: this.messages.length,
        settings: { ...DEFAULT_SETTINGS, title: 'Acme Support' },
      });
      for (const m of this.messages) if (m.seq > lastSeq) this.send(ws, { type: 'message', message: m });
    } else if (frame.type === 'send' && this.acksEnabled) {
      const existing = this.messages.find((m) => m.clientId === frame.clientId);
      const message = existing ?? this.store({ authorType: MessageAuthorType.visitor, authorName: null, body: frame.body, clientId: frame.clientId });
      this.send(ws, { type: 'ack', clientId: frame.clientId, message });
    }
  }
}

function until(predicate: () => boolean, timeoutMs = 3000): Promise<void> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const tick = () => {
      if (predicate()) return resolve();
      if (Date.now() - started > timeoutMs) return reject(new Error('timed out waiting for condition'));
      setTimeout(tick, 5);
    };
    tick();
  });
}

describe('ChatSession against a WebSocket server', () => {
  let gateway: FakeGateway;
  let storage: KeyValueStore;
  let sessions: ChatSession[];
  let ids: number;

  const makeSession = (over: Partial<ConstructorParameters<typeof ChatSession>[0]> = {}) => {
    const session = new ChatSession({
      channelKey: 'demo-webchat',
      socketUrl: over.socketUrl ?? gateway.url,
      createSocket: (url) => new WebSocket(url) as unknown as SocketLike,
      storage,
      page: () => ({ url: 'https://shop.test/p?id=1', title: 'Product', referrer: '' }),
      newClientId: () => `cid-${++ids}`,
      // Keep the real backoff sequence but make its waits short; the handshake timeout stays real,
      // so a slow (loaded) machine does not time out a connection that is merely slow to open.
      setTimer: (fn, ms) => setTimeout(fn, over.handshakeTimeoutMs === undefined && ms === 15_000 ? ms : Math.min(ms, 20)),
      ...over,
    });
    sessions.push(session);
    return session;
  };

  beforeEach(async () => {
    gateway = new FakeGateway();
    await gateway.listening();
    storage = memoryStorage();
    sessions = [];
    ids = 0;
  });

  afterEach(async () => {
    for (const s of sessions) s.disconnect();
    await gateway.close();
  });

  it('says hello without a token first, stores the token from welcome, and sends it next time', async () => {
    const session = makeSession();
    expect(session.hasStoredToken).toBe(false);
    session.connect();
    await until(() => session.state === 'open');
    expect(gateway.hellos()[0]).toEqual({
      type: 'hello',
      channelKey: 'demo-webchat',
      lastSeq: 0,
      page: { url: 'https://shop.test/p?id=1', title: 'Product', referrer: '' },
    });
    expect(storage.get(tokenKey('demo-webchat'))).toBe('tok-1');
    expect(session.settings.title).toBe('Acme Support');

    // A new page load: a new session with the same storage.
    session.disconnect();
    const next = makeSession();
    expect(next.hasStoredToken).toBe(true);
    expect(next.settings.title).toBe('Acme Support'); // cached settings before welcome
    next.connect();
    await until(() => gateway.hellos().length === 2);
    expect(gateway.hellos()[1]).toMatchObject({ visitorToken: 'tok-1' });
    expect(gateway.url).not.toContain('tok');
  });

  it('sends, shows "sending" until the ack, then holds the acked message', async () => {
    const session = makeSession();
    const live: VisitorMessage[] = [];
    session.on('message', (m) => live.push(m));
    const result = session.send('  Hello there \n');
    expect(result).toEqual({ ok: true, clientId: 'cid-1' });
    expect(session.store.pending).toMatchObject([{ clientId: 'cid-1', body: 'Hello there', status: 'sending' }]);
    await until(() => session.store.messages.length === 1);
    expect(gateway.sends()).toEqual([{ type: 'send', clientId: 'cid-1', body: 'Hello there' }]);
    expect(session.store.pending).toHaveLength(0);
    expect(live.map((m) => m.body)).toEqual(['Hello there']);
  });

  it('does not report replayed history as live messages', async () => {
    gateway.operatorSays('old one');
    gateway.operatorSays('old two');
    const session = makeSession();
    const live: string[] = [];
    session.on('message', (m) => live.push(m.body));
    session.connect();
    await until(() => session.store.messages.length === 2);
    gateway.operatorSays('new');
    await until(() => session.store.messages.length === 3);
    expect(live).toEqual(['new']);
  });

  it('refuses empty and too-long text locally', () => {
    const session = makeSession();
    expect(session.send('   ')).toMatchObject({ ok: false });
    expect(session.send('x'.repeat(4001))).toMatchObject({ ok: false, error: expect.stringMatching(/too long/) });
    expect(session.store.pending).toHaveLength(0);
    expect(session.state).toBe('idle');
  });

  it('reconnects after the connection drops, resends hello with lastSeq and gets what it missed', async () => {
    const session = makeSession();
    const live: string[] = [];
    session.on('message', (m) => live.push(m.body));
    session.connect();
    await until(() => session.state === 'open');
    gateway.operatorSays('first');
    await until(() => session.store.messages.length === 1);

    gateway.dropAll();
    await until(() => session.state === 'reconnecting');
    gateway.operatorSays('said while you were away'); // nobody connected to hear it
    await until(() => session.store.messages.length === 2);
    expect(gateway.hellos().map((h) => (h.type === 'hello' ? h.lastSeq : -1))).toEqual([0, 1]);
    expect(gateway.hellos()[1]).toMatchObject({ visitorToken: 'tok-1' });
    expect(session.store.messages.map((m) => m.seq)).toEqual([1, 2]);
    expect(live).toEqual(['first', 'said while you were away']);
  });

  it('on resync (further behind than a replay) drops its copy and holds only the newest messages, as history, gapless from there', async () => {
    const session = makeSession();
    const live: string[] = [];
    session.on('message', (m) => live.push(m.body));
    session.connect();
    await until(() => session.state === 'open');
    gateway.operatorSays('old one');
    await until(() => session.store.messages.length === 1);
    gateway.dropAll();
    await until(() => session.state === 'reconnecting');
    for (let i = 0; i < 5; i++) gateway.operatorSays(`missed ${i}`); // seqs 2..6; the "server" keeps only the last 2 for a replay
    gateway.onFrame = (ws, f) => {
      if (f.type !== 'hello') return;
      gateway.send(ws, { type: 'welcome', visitorToken: 'tok-1', conversationId: 'conv-1', lastSeq: 6, settings: DEFAULT_SETTINGS });
      gateway.send(ws, { type: 'resync', conversationId: 'conv-1', fromSeq: 5, lastSeq: 6 });
      for (const m of gateway.messages.slice(-2)) gateway.send(ws, { type: 'message', message: m });
    };
    await until(() => session.store.messages.length === 2 && session.store.messages[0].seq === 5);
    expect(session.store.messages.map((m) => m.body)).toEqual(['missed 3', 'missed 4']);
    expect(session.store.lastSeq).toBe(6);
    expect(live).toEqual(['old one']); // the window after a resync is history, not a burst of news
  });

  it('keeps unacknowledged sends in the outbox and resends them with the same clientId after reconnect', async () => {
    const session = makeSession();
    session.connect();
    await until(() => session.state === 'open');
    gateway.acksEnabled = false; // the server stores nothing and never answers
    session.send('lost in transit');
    await until(() => gateway.sends().length === 1);
    gateway.acksEnabled = true;
    gateway.dropAll();
    await until(() => session.store.messages.length === 1);
    expect(gateway.sends().map((f) => (f.type === 'send' ? f.clientId : ''))).toEqual(['cid-1', 'cid-1']);
    expect(session.store.pending).toHaveLength(0);
    expect(gateway.messages).toHaveLength(1);
  });

  it('drops the socket when the browser goes offline (reconnecting at once), and what was written meanwhile goes once after welcome', async () => {
    const session = makeSession();
    session.connectionLost(); // not started: nothing to do
    expect(session.state).toBe('idle');
    session.connect();
    await until(() => session.state === 'open');
    const first = gateway.sockets[0];
    gateway.acksEnabled = false;
    session.send('sent as the Wi-Fi went');
    await until(() => gateway.sends().length === 1);
    session.connectionLost();
    expect(session.state).toBe('reconnecting'); // the banner shows at once, not when TCP gives up
    gateway.acksEnabled = true;
    session.send('written while offline');
    await until(() => session.state === 'open' && session.store.messages.length === 2);
    await until(() => first.readyState === WebSocket.CLOSED);
    expect(gateway.connections).toBe(2);
    expect(session.store.pending).toHaveLength(0);
    expect(session.store.messages.map((m) => m.body)).toEqual(['sent as the Wi-Fi went', 'written while offline']);
    expect(gateway.messages).toHaveLength(2);
  });

  it('queues sends made before the socket is ready and flushes them after welcome', async () => {
    const session = makeSession();
    session.send('one');
    session.send('two');
    await until(() => session.store.messages.length === 2);
    expect(gateway.frames.map((f) => f.type)).toEqual(['hello', 'send', 'send']);
    expect(session.store.messages.map((m) => m.body)).toEqual(['one', 'two']);
  });

  it('dedupes a replay of messages it already has', async () => {
    const session = makeSession();
    session.connect();
    await until(() => session.state === 'open');
    const m = gateway.operatorSays('hi');
    await until(() => session.store.messages.length === 1);
    const ws = gateway.sockets[0];
    gateway.send(ws, { type: 'message', message: m });
    gateway.send(ws, { type: 'ack', clientId: 'unknown-client', message: m });
    gateway.operatorSays('after');
    await until(() => session.store.messages.length === 2);
    expect(session.store.messages.map((x) => x.id)).toEqual(['srv-1', 'srv-2']);
  });

  it('ignores malformed frames and keeps working', async () => {
    gateway.onFrame = (ws, frame) => {
      if (frame.type === 'hello') {
        for (const junk of ['not json', '[]', '{"type":"message","message":{"id":1}}', '{"type":"ack","clientId":"x"}', '{"type":"welcome"}']) {
          gateway.send(ws, junk);
        }
      }
      (gateway as unknown as { defaultReply: FakeGateway['onFrame'] }).defaultReply.call(gateway, ws, frame);
    };
    const session = makeSession();
    session.send('still fine');
    await until(() => session.store.messages.length === 1);
    expect(session.state).toBe('open');
  });

  it('marks a send failed on an error frame with its clientId, and retries it with the same clientId', async () => {
    let refuse = true;
    gateway.onFrame = (ws, frame) => {
      if (frame.type === 'send' && refuse) {
        refuse = false;
        gateway.send(ws, { type: 'error', code: 'RATE_LIMITED', message: 'Slow down', clientId: frame.clientId });
        return;
      }
      (gateway as unknown as { defaultReply: FakeGateway['onFrame'] }).defaultReply.call(gateway, ws, frame);
    };
    const session = makeSession();
    session.send('too fast');
    await until(() => session.store.pending[0]?.status === 'failed');
    expect(session.store.pending[0]).toMatchObject({ errorCode: 'RATE_LIMITED', errorMessage: 'Slow down' });
    session.retry('cid-1');
    await until(() => session.store.messages.length === 1);
    expect(gateway.sends().map((f) => (f.type === 'send' ? f.clientId : ''))).toEqual(['cid-1', 'cid-1']);
  });

  it('resends a send answered UNAVAILABLE (retriable) by itself, with backoff and the same clientId, until it is stored', async () => {
    let refusals = 3;
    const delays: number[] = [];
    gateway.onFrame = (ws, frame) => {
      if (frame.type === 'send' && refusals > 0) {
        refusals--;
        gateway.send(ws, { type: 'error', code: 'UNAVAILABLE', message: 'Retrying…', clientId: frame.clientId, retriable: true });
        return;
      }
      (gateway as unknown as { defaultReply: FakeGateway['onFrame'] }).defaultReply.call(gateway, ws, frame);
    };
    const session = makeSession({
      random: () => 0,
      setTimer: (fn, ms) => {
        if (ms !== 15_000) delays.push(ms);
        return setTimeout(fn, ms === 15_000 ? ms : Math.min(ms, 20));
      },
    });
    session.send('during the outage');
    await until(() => session.store.messages.length === 1);
    expect(session.store.pending).toEqual([]);
    expect(gateway.sends().map((f) => (f.type === 'send' ? f.clientId : ''))).toEqual(['cid-1', 'cid-1', 'cid-1', 'cid-1']);
    // the socket never dropped: these are the send's own backoff waits (0.5 s doubling)
    expect(delays).toEqual([500, 1000, 2000]);
  });

  it(`shows a send failed with Retry after ${SEND_AUTO_RETRIES} automatic attempts, and Retry starts over`, async () => {
    let down = true;
    gateway.onFrame = (ws, frame) => {
      if (frame.type === 'send' && down) {
        gateway.send(ws, { type: 'error', code: 'UNAVAILABLE', message: 'Retrying…', clientId: frame.clientId, retriable: true });
        return;
      }
      (gateway as unknown as { defaultReply: FakeGateway['onFrame'] }).defaultReply.call(gateway, ws, frame);
    };
    const session = makeSession();
    session.send('still down');
    await until(() => session.store.pending[0]?.status === 'failed');
    expect(session.store.pending[0]).toMatchObject({ status: 'failed', errorCode: 'UNAVAILABLE' });
    expect(gateway.sends()).toHaveLength(1 + SEND_AUTO_RETRIES);
    down = false;
    session.retry('cid-1');
    await until(() => session.store.messages.length === 1);
    expect(session.store.pending).toEqual([]);
    expect(gateway.sends().every((f) => f.type === 'send' && f.clientId === 'cid-1')).toBe(true);
  });

  it('does not resend by itself a send refused with a non-retriable code', async () => {
    gateway.onFrame = (ws, frame) => {
      if (frame.type === 'send') return gateway.send(ws, { type: 'error', code: 'INTERNAL', message: 'x', clientId: frame.clientId });
      (gateway as unknown as { defaultReply: FakeGateway['onFrame'] }).defaultReply.call(gateway, ws, frame);
    };
    const session = makeSession();
    session.send('once');
    await until(() => session.store.pending[0]?.status === 'failed');
    await new Promise((r) => setTimeout(r, 100));
    expect(gateway.sends()).toHaveLength(1);
  });

  it('reports general errors, and stops for good on UNKNOWN_CHANNEL', async () => {
    gateway.onFrame = (ws, frame) => {
      if (frame.type === 'hello') {
        gateway.send(ws, { type: 'error', code: 'BAD_FRAME', message: 'What?' });
        gateway.send(ws, { type: 'error', code: 'UNKNOWN_CHANNEL', message: 'No such channel' });
      }
    };
    const session = makeSession();
    const errors: [string, boolean][] = [];
    session.on('error', (code, _m, fatal) => errors.push([code, fatal]));
    session.connect();
    await until(() => session.state === 'fatal');
    expect(errors).toEqual([
      ['BAD_FRAME', false],
      ['UNKNOWN_CHANNEL', true],
    ]);
    await new Promise((r) => setTimeout(r, 100));
    expect(gateway.connections).toBe(1); // no reconnect loop
    expect(session.send('hello?')).toMatchObject({ ok: false });
  });

  it('forgets a refused stored token and says hello as a new visitor', async () => {
    storage.set(tokenKey('demo-webchat'), 'stale');
    gateway.onFrame = (ws, frame) => {
      if (frame.type === 'hello' && frame.visitorToken === 'stale') {
        gateway.send(ws, { type: 'error', code: 'UNAUTHENTICATED', message: 'bad token' });
        return;
      }
      (gateway as unknown as { defaultReply: FakeGateway['onFrame'] }).defaultReply.call(gateway, ws, frame);
    };
    const session = makeSession();
    session.connect();
    await until(() => session.state === 'open');
    expect(gateway.hellos().map((h) => (h.type === 'hello' ? h.visitorToken ?? null : ''))).toEqual(['stale', null]);
    expect(storage.get(tokenKey('demo-webchat'))).toBe('tok-1');
  });

  it('retries with backoff (0.5 s doubling) while the server is down', async () => {
    const port = (gateway.wss.address() as AddressInfo).port;
    await gateway.close();
    const delays: number[] = [];
    const session = makeSession({
      socketUrl: `ws://127.0.0.1:${port}/ws/visitor`,
      random: () => 0,
      setTimer: (fn, ms) => {
        delays.push(ms);
        return setTimeout(fn, 5);
      },
    });
    session.connect();
    await until(() => delays.filter((d) => d !== 15000).length >= 4);
    expect(delays.filter((d) => d !== 15000).slice(0, 4)).toEqual([500, 1000, 2000, 4000]);
    expect(session.state).toBe('reconnecting');
    session.disconnect();
    expect(session.state).toBe('idle');
  });

  it('closes a socket that never says welcome and tries again', async () => {
    gateway.onFrame = () => undefined; // silent server
    const session = makeSession({ handshakeTimeoutMs: 30 });
    session.connect();
    await until(() => gateway.connections >= 2);
    expect(session.isReady).toBe(false);
    session.disconnect();
  });

  describe('live extras (SPEC A6, A10)', () => {
    async function withConversation() {
      const session = makeSession();
      session.send('first');
      await until(() => session.store.messages.length === 1 && session.state === 'open');
      return session;
    }

    it('reports typing with the draft, throttled, and a stop when the message is sent', async () => {
      const session = await withConversation();
      session.typing('H');
      session.typing('He');
      session.typing('Hel');
      await until(() => gateway.frames.filter((f) => f.type === 'typing').length >= 2);
      const typing = gateway.frames.filter((f) => f.type === 'typing');
      expect(typing[0]).toEqual({ type: 'typing', active: true, draft: 'H' });
      expect(typing[1]).toEqual({ type: 'typing', active: true, draft: 'Hel' }); // trailing report carries the newest draft
      session.send('Hello');
      await until(() => gateway.sends().length === 2);
      const all = gateway.frames.filter((f) => f.type === 'typing' || f.type === 'send').map((f) => (f.type === 'typing' ? `typing:${f.active}` : 'send'));
      expect(all.slice(-2)).toEqual(['typing:false', 'send']);
    });

    it('sends no typing before there is a conversation (nobody to tell)', async () => {
      const session = makeSession();
      session.connect();
      await until(() => session.state === 'open');
      session.typing('hi');
      session.stopTyping();
      await new Promise((r) => setTimeout(r, 50));
      expect(gateway.frames.filter((f) => f.type === 'typing')).toEqual([]);
    });

    it('shows the operator typing until a stop, a message from them, or silence', async () => {
      const session = await withConversation();
      const ws = gateway.sockets[0];
      gateway.send(ws, { type: 'typing', active: true, name: 'Anna' });
      await until(() => session.operatorTyping === 'Anna');
      gateway.send(ws, { type: 'typing', active: false, name: 'Anna' });
      await until(() => session.operatorTyping === null);
      gateway.send(ws, { type: 'typing', active: true, name: null });
      await until(() => session.operatorTyping === '');
      gateway.operatorSays('Hello!');
      await until(() => session.operatorTyping === null);
      // silence: the test timers cut TYPING_EXPIRE_MS short
      gateway.send(ws, { type: 'typing', active: true, name: 'Anna' });
      await until(() => session.operatorTyping === 'Anna');
      await until(() => session.operatorTyping === null);
    });

    it('reports read once per new seq and keeps the operator read position from frames', async () => {
      const session = await withConversation();
      session.markRead();
      session.markRead();
      gateway.operatorSays('reply');
      await until(() => session.store.maxSeq === 2);
      session.markRead();
      await until(() => gateway.frames.filter((f) => f.type === 'read').length === 2);
      await new Promise((r) => setTimeout(r, 30));
      expect(gateway.frames.filter((f) => f.type === 'read')).toEqual([{ type: 'read', seq: 1 }, { type: 'read', seq: 2 }]);
      gateway.send(gateway.sockets[0], { type: 'read', operatorReadSeq: 1, visitorReadSeq: 2 });
      await until(() => session.operatorReadSeq === 1);
      gateway.send(gateway.sockets[0], { type: 'read', operatorReadSeq: 0, visitorReadSeq: 2 });
      await new Promise((r) => setTimeout(r, 30));
      expect(session.operatorReadSeq).toBe(1); // never moves back
    });

    it('edits only the last own message, applies message_edited and reports refused edits', async () => {
      const session = await withConversation();
      const errors: string[] = [];
      session.on('error', (code) => errors.push(code));
      const first = session.store.messages[0];
      expect(session.editable()?.id).toBe(first.id);
      expect(session.edit(first.id, '   ')).toMatchObject({ ok: false });
      expect(session.edit(first.id, 'x'.repeat(4001))).toMatchObject({ ok: false, error: expect.stringMatching(/too long/) });
      expect(session.edit('other', 'x')).toMatchObject({ ok: false });
      expect(session.edit(first.id, 'first, fixed')).toEqual({ ok: true });
      await until(() => gateway.frames.some((f) => f.type === 'edit'));
      expect(gateway.frames.find((f) => f.type === 'edit')).toEqual({ type: 'edit', messageId: first.id, body: 'first, fixed' });
      gateway.send(gateway.sockets[0], { type: 'message_edited', message: { ...first, body: 'first, fixed', editedAt: new Date().toISOString() } });
      await until(() => session.store.messages[0].body === 'first, fixed');
      expect(session.store.messages[0].editedAt).toBeTruthy();
      gateway.send(gateway.sockets[0], { type: 'error', code: 'EDIT_NOT_ALLOWED', message: 'too old', messageId: first.id });
      await until(() => errors.includes('EDIT_NOT_ALLOWED'));
      // an operator message after it does not change which message is editable; a newer own one does
      session.send('second');
      await until(() => session.store.messages.length === 2);
      expect(session.editable()?.body).toBe('second');
      expect(session.edit(first.id, 'again')).toMatchObject({ ok: false });
    });

    it('does not offer editing a message older than the edit window', async () => {
      const session = await withConversation();
      const late = makeSession({ now: () => new Date(Date.now() + 16 * 60 * 1000) });
      late.store.add(session.store.messages[0]);
      expect(session.editable()).not.toBeNull();
      expect(late.editable()).toBeNull();
    });
  });
});
