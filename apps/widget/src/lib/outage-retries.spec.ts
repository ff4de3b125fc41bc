import { type OfflineFormConfig, type VisitorClientFrame } from '@parley/shared/contracts';
import { ChatSession, SEND_AUTO_RETRIES, type SocketLike } from './chat-session';
import { DEFAULT_SETTINGS } from './settings';
import { memoryStorage } from './storage';

/** A socket the test drives by hand: frames the session sends are recorded. */
class FakeSocket implements SocketLike {
  readyState = 0;
  sent: VisitorClientFrame[] = [];
  onopen: ((ev: unknown) => void) | null = null;
  onmessage: ((ev: { data: unknown }) => void) | null = null;
  onclose: ((ev: unknown) => void) | null = null;
  onerror: ((ev: unknown) => void) | null = null;
  send(data: string): void {
    this.sent.push(JSON.parse(data));
  }
  close(): void {
    this.readyState = 3;
  }
  open(): void {
    this.readyState = 1;
    this.onopen?.({});
  }
  receive(frame: unknown): void {
    this.onmessage?.({ data: JSON.stringify(frame) });
  }
}

const FORM: OfflineFormConfig = { enabled: true, fields: [{ key: 'name', required: true }, { key: 'email', required: true }, { key: 'message', required: true }], title: 'Away', intro: '', colors: { header: '#112233', button: '#445566' } };
const UNAVAILABLE = { type: 'error', code: 'UNAVAILABLE', message: 'Retrying…', retriable: true };

/** A session whose timers the test runs by hand (`tick` runs those due, in order of creation). */
function setup() {
  const sockets: FakeSocket[] = [];
  const timers: Array<{ fn: () => void; ms: number }> = [];
  let n = 0;
  const s = new ChatSession({
    channelKey: 'k',
    socketUrl: 'ws://x',
    createSocket: () => {
      const socket = new FakeSocket();
      sockets.push(socket);
      return socket;
    },
    storage: memoryStorage(),
    page: () => ({ url: 'https://shop.test/' }),
    newClientId: () => `cid-${++n}`,
    random: () => 0,
    setTimer: (fn, ms) => (timers.push({ fn, ms }), timers.length),
    clearTimer: (id) => {
      const t = timers[(id as number) - 1];
      if (t) t.fn = () => undefined;
    },
  });
  const welcome = (socket: FakeSocket, extra: Record<string, unknown> = {}) =>
    socket.receive({ type: 'welcome', visitorToken: 't', conversationId: 'c1', lastSeq: 0, settings: { ...DEFAULT_SETTINGS, offlineForm: FORM }, available: false, ...extra });
  /** Runs the pending timers other than the handshake timeout; returns their delays. */
  const tick = () => {
    const due = timers.splice(0).filter((t) => t.ms !== 15_000);
    due.forEach((t) => t.fn());
    return due.map((t) => t.ms);
  };
  return { s, sockets, welcome, tick };
}

describe('frames other than send answered UNAVAILABLE (retriable) during an outage', () => {
  it('a hello that failed reconnects with backoff ("Reconnecting…") and opens once the server answers', () => {
    const { s, sockets, welcome, tick } = setup();
    s.connect();
    sockets[0].open();
    sockets[0].receive({ ...UNAVAILABLE, frame: 'hello' });
    expect(s.state).toBe('reconnecting');
    expect(sockets[0].readyState).toBe(3);
    expect(tick()).toEqual([500]);
    expect(sockets).toHaveLength(2);
    sockets[1].open();
    expect(sockets[1].sent[0]).toMatchObject({ type: 'hello' });
    welcome(sockets[1]);
    expect(s.state).toBe('open');
  });

  it('an offline form stays "sending" and goes again with the same clientId, then shows the thank-you note', () => {
    const { s, sockets, welcome, tick } = setup();
    s.connect();
    sockets[0].open();
    welcome(sockets[0], { conversationId: null });
    expect(s.submitOfflineForm({ name: 'Ola', email: 'ola@client.test', message: 'Call me' }, false)).toBe(true);
    for (let i = 0; i < 2; i++) {
      sockets[0].receive({ type: 'offline_form_result', clientId: 'cid-1', ok: false, code: 'UNAVAILABLE', message: 'Retrying…', retriable: true });
      expect(s.offline.status).toBe('sending');
      tick();
    }
    const forms = sockets[0].sent.filter((f) => f.type === 'offline_form');
    expect(forms.map((f) => (f.type === 'offline_form' ? f.clientId : ''))).toEqual(['cid-1', 'cid-1', 'cid-1']);
    sockets[0].receive({ type: 'offline_form_result', clientId: 'cid-1', ok: true, conversationId: 'c9' });
    expect(s.offlineMode).toBe('thanks');
  });

  it(`an offline form still unavailable after ${SEND_AUTO_RETRIES} attempts shows the error (not stuck on "sending")`, () => {
    const { s, sockets, welcome, tick } = setup();
    s.connect();
    sockets[0].open();
    welcome(sockets[0], { conversationId: null });
    s.submitOfflineForm({ name: 'Ola', email: 'ola@client.test', message: 'Call me' }, false);
    for (let i = 0; i <= SEND_AUTO_RETRIES; i++) {
      sockets[0].receive({ type: 'offline_form_result', clientId: 'cid-1', ok: false, code: 'UNAVAILABLE', message: 'Retrying…', retriable: true });
      tick();
    }
    expect(s.offline).toMatchObject({ status: 'error', code: 'UNAVAILABLE' });
  });

  it('a bot answer and a read report are sent again with backoff', () => {
    const { s, sockets, welcome, tick } = setup();
    s.connect();
    sockets[0].open();
    welcome(sockets[0], { lastSeq: 1 });
    sockets[0].receive({ type: 'bot', conversationId: 'c1', stepId: 'start', buttons: [{ id: 'a', label: 'A' }], canRestart: false });
    s.answerBot('a');
    const answer = sockets[0].sent.find((f) => f.type === 'bot_answer');
    expect(answer).toBeDefined();
    sockets[0].receive({ ...UNAVAILABLE, frame: 'bot_answer', clientId: (answer as { clientId: string }).clientId });
    expect(s.bot?.busy).toBe(true);
    tick();
    expect(sockets[0].sent.filter((f) => f.type === 'bot_answer')).toEqual([answer, answer]);
    sockets[0].receive({ type: 'message', message: { id: 'm1', conversationId: 'c1', seq: 1, authorType: 'operator', authorName: 'Anna', body: 'Hi', clientId: null, createdAt: new Date().toISOString() } });
    s.markRead();
    expect(sockets[0].sent.filter((f) => f.type === 'read')).toHaveLength(1);
    sockets[0].receive({ ...UNAVAILABLE, frame: 'read' });
    tick();
    expect(sockets[0].sent.filter((f) => f.type === 'read')).toEqual([{ type: 'read', seq: 1 }, { type: 'read', seq: 1 }]);
  });

  it('an edit answered UNAVAILABLE shows as an error in the view (the visitor can edit again)', () => {
    const { s, sockets, welcome } = setup();
    s.connect();
    sockets[0].open();
    welcome(sockets[0]);
    const errors: string[] = [];
    s.on('error', (code) => errors.push(code));
    sockets[0].receive({ ...UNAVAILABLE, frame: 'edit', messageId: 'm1' });
    expect(errors).toEqual(['UNAVAILABLE']);
  });
});
