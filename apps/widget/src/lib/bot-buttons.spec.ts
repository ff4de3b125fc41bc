/**
 * @jest-environment jsdom
 */
import { BOT_AUTHOR_NAME, MessageAuthorType, type VisitorClientFrame } from '@parley/shared/contracts';
import { ChatSession, type SocketLike } from './chat-session';
import { parseServerFrame } from './frames';
import { DEFAULT_SETTINGS } from './settings';
import { memoryStorage } from './storage';
import { msg } from './test-fixtures';
import { WidgetView, type ViewCallbacks } from './widget-view';

const json = (v: unknown) => JSON.stringify(v);
const botFrame = (over: Record<string, unknown> = {}) => ({ type: 'bot', conversationId: 'c1', stepId: 'hello', buttons: [{ id: 'a', label: 'Delivery?' }, { id: 'b', label: 'Talk to an operator' }], canRestart: false, ...over });

/** A session over a fake socket: `server(frame)` delivers a frame, `sent` holds what the widget sent. */
function session(settings = { ...DEFAULT_SETTINGS, bot: true }) {
  const sent: VisitorClientFrame[] = [];
  let socket!: SocketLike & { readyState: number };
  let n = 0;
  const s = new ChatSession({
    channelKey: 'k',
    socketUrl: 'ws://x',
    storage: memoryStorage(),
    page: () => ({ url: 'https://shop.example/' }),
    newClientId: () => `cid-${++n}`,
    createSocket: () => {
      socket = { readyState: 1, send: (d: string) => sent.push(JSON.parse(d)), close: () => undefined, onopen: null, onmessage: null, onclose: null, onerror: null };
      return socket;
    },
  });
  s.connect();
  socket.onopen?.({});
  const server = (frame: unknown) => socket.onmessage?.({ data: json(frame) });
  server({ type: 'welcome', visitorToken: 't', conversationId: null, lastSeq: 0, settings });
  /** The socket drops; the widget connects again at once and the server welcomes it back. */
  const reconnect = (conversationId: string | null = 'c1') => {
    socket.onclose?.({});
    s.reconnectNow();
    socket.onopen?.({});
    server({ type: 'welcome', visitorToken: 't', conversationId, lastSeq: 1, settings });
  };
  return { s, sent, server, reconnect };
}

describe('bot frames (SPEC D2)', () => {
  it('parses the bot frame, bounded; forged shapes are dropped', () => {
    expect(parseServerFrame(json(botFrame()))).toEqual(botFrame());
    const many = Array.from({ length: 10 }, (_, i) => ({ id: `b${i}`, label: 'x'.repeat(100) }));
    const parsed = parseServerFrame(json(botFrame({ buttons: [...many, { id: 5, label: 'bad' }, { id: 'z', label: '' }] })));
    expect(parsed).toMatchObject({ type: 'bot' });
    expect((parsed as { buttons: Array<{ label: string }> }).buttons).toHaveLength(6);
    expect((parsed as { buttons: Array<{ label: string }> }).buttons[0].label).toHaveLength(60);
    expect(parseServerFrame(json(botFrame({ conversationId: 7 })))).toBeNull();
    expect(parseServerFrame(json(botFrame({ buttons: 'no' })))).toBeNull();
    // no step: no buttons, whatever the frame says
    expect(parseServerFrame(json(botFrame({ stepId: null, canRestart: true })))).toMatchObject({ buttons: [], canRestart: true });
  });
});

describe('ChatSession and the bot', () => {
  it('starts the bot once when the window opens without a conversation and the bot is on', () => {
    const { s, sent } = session();
    s.startBot();
    s.startBot();
    expect(sent.filter((f) => f.type === 'bot_start')).toEqual([{ type: 'bot_start' }]);
  });

  it('does not start it when the bot is off or a conversation exists', () => {
    const off = session({ ...DEFAULT_SETTINGS, bot: false });
    off.s.startBot();
    expect(off.sent.some((f) => f.type === 'bot_start')).toBe(false);
    const { s, sent, server } = session();
    server({ type: 'message', message: msg(1) });
    s.startBot();
    expect(sent.some((f) => f.type === 'bot_start')).toBe(false);
  });

  it('waits while the offline form shows (nobody available), and starts when someone comes online', () => {
    const { s, sent, server } = session({ ...DEFAULT_SETTINGS, bot: true, offlineForm: { enabled: true, fields: [{ key: 'message', required: true }] } as never });
    server({ type: 'availability', available: false });
    s.startBot();
    expect(s.offlineMode).toBe('form');
    expect(sent.some((f) => f.type === 'bot_start')).toBe(false);
    server({ type: 'availability', available: true });
    expect(sent.filter((f) => f.type === 'bot_start')).toHaveLength(1);
  });

  it('sends an answer for the current step once, ignores unknown buttons, unlocks after an error', () => {
    const { s, sent, server } = session();
    server(botFrame());
    expect(s.bot).toMatchObject({ stepId: 'hello', busy: false });
    expect(s.answerBot('nope')).toBe(false);
    expect(s.answerBot('a')).toBe(true);
    expect(s.answerBot('b')).toBe(false); // busy until the server answers
    expect(sent.filter((f) => f.type === 'bot_answer')).toEqual([{ type: 'bot_answer', clientId: 'cid-1', stepId: 'hello', buttonId: 'a' }]);
    const errors: string[] = [];
    s.on('error', (code) => errors.push(code));
    server({ type: 'error', code: 'BOT_STALE_ANSWER', message: 'This answer is no longer offered', frame: 'bot_answer', clientId: 'cid-1' });
    expect(errors).toEqual(['BOT_STALE_ANSWER']);
    expect(s.bot?.busy).toBe(false);
    server(botFrame({ stepId: null, buttons: [], canRestart: true }));
    expect(s.bot).toMatchObject({ buttons: [], canRestart: true });
    s.restartBot();
    expect(sent.at(-1)).toEqual({ type: 'bot_start', restart: true });
    server(botFrame({ stepId: null, buttons: [], canRestart: false }));
    expect(s.bot).toBeNull();
  });
});

describe('ChatSession: an answer lost with the socket (retried)', () => {
  it('sends the unanswered answer again after a reconnect, with the same clientId, until the server answers', () => {
    const { s, sent, server, reconnect } = session();
    server(botFrame());
    expect(s.answerBot('a')).toBe(true);
    reconnect();
    const answers = () => sent.filter((f) => f.type === 'bot_answer');
    expect(answers()).toEqual([
      { type: 'bot_answer', clientId: 'cid-1', stepId: 'hello', buttonId: 'a' },
      { type: 'bot_answer', clientId: 'cid-1', stepId: 'hello', buttonId: 'a' },
    ]);
    expect(s.bot?.busy).toBe(true);
    // the server says where the chat is now (the answer was applied once): the next step's buttons
    server(botFrame({ stepId: 'delivery', buttons: [{ id: 'more', label: 'And returns?' }] }));
    expect(s.bot).toMatchObject({ stepId: 'delivery', busy: false });
    reconnect();
    expect(answers()).toHaveLength(2);
  });

  it('does not send a refused answer again', () => {
    const { s, sent, server, reconnect } = session();
    server(botFrame());
    s.answerBot('b');
    server({ type: 'error', code: 'BOT_NOT_ACTIVE', message: 'The bot no longer handles this chat', frame: 'bot_answer', clientId: 'cid-1' });
    reconnect();
    expect(sent.filter((f) => f.type === 'bot_answer')).toHaveLength(1);
  });
});

describe('WidgetView bot buttons', () => {
  function setup(over: Partial<ViewCallbacks> = {}) {
    const cb: ViewCallbacks = { open: jest.fn(), close: jest.fn(), send: jest.fn(() => null), retry: jest.fn(), botAnswer: jest.fn(), botRestart: jest.fn(), ...over };
    const view = new WidgetView(cb);
    view.mount();
    const root = view.host.shadowRoot as ShadowRoot;
    return { view, cb, root };
  }
  const marks = { operatorReadSeq: 0, operatorTyping: null, editableId: null };
  afterEach(() => (document.body.textContent = ''));

  it('shows the answers as keyboard-reachable buttons with text-only labels; a click answers', () => {
    const { view, cb, root } = setup();
    view.render([], { ...marks, bot: { stepId: 's', buttons: [{ id: 'x', label: '<img src=x onerror=alert(1)>' }, { id: 'y', label: 'Talk to an operator' }], canRestart: false, busy: false } });
    const group = root.querySelector('[data-testid=parley-bot]') as HTMLElement;
    expect(group.hidden).toBe(false);
    expect(group.getAttribute('role')).toBe('group');
    expect(group.getAttribute('aria-label')).toBe('Choose an answer');
    const buttons = Array.from(root.querySelectorAll<HTMLButtonElement>('[data-testid=parley-bot-answer]'));
    expect(buttons.map((b) => b.textContent)).toEqual(['<img src=x onerror=alert(1)>', 'Talk to an operator']);
    expect(group.querySelector('img')).toBeNull();
    expect(buttons.every((b) => b.tagName === 'BUTTON' && b.type === 'button' && b.tabIndex === 0 && !b.disabled)).toBe(true);
    buttons[1].focus();
    expect(root.activeElement).toBe(buttons[1]);
    buttons[1].click();
    expect(cb.botAnswer).toHaveBeenCalledWith('y');
  });

  it('disables the answers while one is on its way, offers "start again" after a close, hides otherwise', () => {
    const { view, cb, root } = setup();
    view.render([], { ...marks, bot: { stepId: 's', buttons: [{ id: 'x', label: 'A' }], canRestart: false, busy: true } });
    const b = root.querySelector<HTMLButtonElement>('[data-testid=parley-bot-answer]') as HTMLButtonElement;
    expect(b.disabled).toBe(true);
    b.click();
    expect(cb.botAnswer).not.toHaveBeenCalled();
    view.render([], { ...marks, bot: { stepId: null, buttons: [], canRestart: true, busy: false } });
    const restart = root.querySelector<HTMLButtonElement>('[data-testid=parley-bot-restart]') as HTMLButtonElement;
    expect(restart.textContent).toBe('Start again');
    restart.click();
    expect(cb.botRestart).toHaveBeenCalled();
    view.render([], { ...marks, bot: null });
    expect((root.querySelector('[data-testid=parley-bot]') as HTMLElement).hidden).toBe(true);
  });

  it('shows the bot’s messages as bubbles signed "Bot"', () => {
    const { view, root } = setup();
    view.render([{ kind: 'message', key: 'm1', message: msg(1, { authorType: MessageAuthorType.system, authorName: BOT_AUTHOR_NAME, body: 'Hi! <b>x</b>' }) }] as never, marks);
    const row = root.querySelector('[data-testid=parley-message]') as HTMLElement;
    expect(row.className).toContain('bot');
    expect(row.querySelector('.author')?.textContent).toBe('Bot');
    expect(row.querySelector('.bubble')?.textContent).toBe('Hi! <b>x</b>');
    expect(row.querySelector('b')).toBeNull();
  });
});
