/**
 * @jest-environment jsdom
 */
import { MessageAuthorType } from '@parley/shared/contracts';
import { MessageStore } from './message-store';
import { DEFAULT_SETTINGS } from './settings';
import { msg } from './test-fixtures';
import { WidgetView, type ViewCallbacks } from './widget-view';

function setup(over: Partial<ViewCallbacks> = {}) {
  const cb: ViewCallbacks = { open: jest.fn(), close: jest.fn(), send: jest.fn(() => null), retry: jest.fn(), ...over };
  const view = new WidgetView(cb);
  view.mount();
  const root = view.host.shadowRoot as ShadowRoot;
  const $ = <T extends Element = HTMLElement>(sel: string) => root.querySelector(sel) as unknown as T;
  return { view, cb, root, $ };
}

const key = (el: Element, k: string, shiftKey = false) =>
  el.dispatchEvent(new KeyboardEvent('keydown', { key: k, shiftKey, bubbles: true, cancelable: true }));

describe('WidgetView', () => {
  afterEach(() => (document.body.textContent = ''));

  it('renders into a shadow root on an isolated host', () => {
    const { view, $ } = setup();
    expect(view.host.getAttribute('style')).toContain('all:initial');
    expect($('[data-testid=parley-launcher]').getAttribute('aria-label')).toBe('Open chat');
    expect(document.querySelector('[data-testid=parley-launcher]')).toBeNull(); // not in the light DOM
  });

  it('shows "Continue in Telegram" links in the panel once it has some, and nothing without (SPEC A2)', () => {
    const { view, $, root } = setup();
    expect($('[data-testid=parley-channel-links]').hidden).toBe(true);
    view.setChannelLinks([{ kind: 'telegram', displayName: 'Telegram', url: 'https://t.me/shop_bot?start=plAbc', expiresAt: '2099-01-01T00:00:00Z' }]);
    const a = $<HTMLAnchorElement>('[data-testid=parley-channel-link]');
    expect(a.textContent).toBe('Continue in Telegram');
    expect(a.getAttribute('href')).toBe('https://t.me/shop_bot?start=plAbc');
    expect($('[data-testid=parley-channel-links]').hidden).toBe(false);
    expect(root.querySelector('[data-testid=parley-panel] [data-testid=parley-channel-links]')).not.toBeNull();
    view.setChannelLinks([]);
    expect($('[data-testid=parley-channel-links]').hidden).toBe(true);
  });

  it('applies settings as text and falls back from unsafe colours', () => {
    const { view, $ } = setup();
    view.applySettings({ ...DEFAULT_SETTINGS, title: '<img src=x onerror=alert(1)>', inputPlaceholder: 'Ask us', welcomeMessage: 'Hey', position: 'left' });
    expect($('.title').textContent).toBe('<img src=x onerror=alert(1)>');
    expect($('.title').children).toHaveLength(0);
    expect($<HTMLTextAreaElement>('[data-testid=parley-input]').placeholder).toBe('Ask us');
    expect($('.root').classList.contains('left')).toBe(true);
    expect($('[data-testid=parley-welcome]').textContent).toBe('Hey');
  });

  it('shows server text with textContent only, authors and pending state', () => {
    const { view, root } = setup();
    const store = new MessageStore();
    store.add(msg(2, { body: '<script>alert(1)</script>\nline 2', authorName: '<b>Eve</b>' }));
    store.add(msg(1, { authorType: MessageAuthorType.visitor, authorName: null, body: 'hi', clientId: 'c0' }));
    store.addPending('c1', 'on its way', new Date().toISOString());
    view.render(store.items());
    const rows = Array.from(root.querySelectorAll('[data-testid=parley-message]'));
    expect(rows.map((r) => r.getAttribute('data-author'))).toEqual(['visitor', 'operator', 'visitor']);
    expect(rows[1].querySelector('.bubble')?.textContent).toBe('<script>alert(1)</script>\nline 2');
    expect(root.querySelector('script, b')).toBeNull();
    expect(rows[1].querySelector('.author')?.textContent).toBe('<b>Eve</b>');
    expect(rows[2].textContent).toContain('Sending…');

    // The ack replaces the pending bubble in place.
    const pendingRow = rows[2];
    store.ack('c1', msg(3, { id: 's3', authorType: MessageAuthorType.visitor, clientId: 'c1', body: 'on its way' }));
    store.fail('nope', 'X', 'y');
    view.render(store.items());
    const after = Array.from(root.querySelectorAll('[data-testid=parley-message]'));
    expect(after).toHaveLength(3);
    expect(after[2]).toBe(pendingRow);
    expect(after[2].textContent).not.toContain('Sending');
  });

  it('offers a retry for a failed send', () => {
    const { view, root, cb } = setup();
    const store = new MessageStore();
    store.addPending('c1', 'too fast', new Date().toISOString());
    store.fail('c1', 'RATE_LIMITED', 'slow down');
    view.render(store.items());
    expect(root.querySelector('[data-testid=parley-message]')?.textContent).toContain('Not sent');
    (root.querySelector('[data-retry]') as HTMLButtonElement).click();
    expect(cb.retry).toHaveBeenCalledWith('c1');
  });

  it('sends on Enter, not on Shift+Enter, and clears the input', () => {
    const { $, cb } = setup();
    const input = $<HTMLTextAreaElement>('[data-testid=parley-input]');
    input.value = 'line one';
    key(input, 'Enter', true);
    expect(cb.send).not.toHaveBeenCalled();
    key(input, 'Enter');
    expect(cb.send).toHaveBeenCalledWith('line one');
    expect(input.value).toBe('');
  });

  it('blocks empty text and shows the counter and an error over the limit', () => {
    const { $, cb } = setup();
    const input = $<HTMLTextAreaElement>('[data-testid=parley-input]');
    const send = $<HTMLButtonElement>('[data-testid=parley-send]');
    expect(send.disabled).toBe(true);
    input.value = 'x'.repeat(4005);
    input.dispatchEvent(new Event('input'));
    expect($('[data-testid=parley-counter]').textContent).toBe('4005 / 4000');
    expect($('[data-testid=parley-error]').textContent).toMatch(/too long/);
    expect(send.disabled).toBe(true);
    input.value = 'ok';
    input.dispatchEvent(new Event('input'));
    expect($('[data-testid=parley-error]').textContent).toBe('');
    expect(cb.send).not.toHaveBeenCalled();
  });

  it('keeps the text and shows the reason when the session refuses it', () => {
    const { $ } = setup({ send: () => 'Chat is unavailable.' });
    const input = $<HTMLTextAreaElement>('[data-testid=parley-input]');
    input.value = 'hello';
    input.dispatchEvent(new Event('input'));
    key(input, 'Enter');
    expect(input.value).toBe('hello');
    expect($('[data-testid=parley-error]').textContent).toBe('Chat is unavailable.');
  });

  it('opens, closes on Escape, and counts unread messages while closed', () => {
    const { view, $, cb } = setup();
    $<HTMLButtonElement>('[data-testid=parley-launcher]').click();
    expect(cb.open).toHaveBeenCalled();
    view.noteIncoming();
    view.noteIncoming();
    expect($('.badge').textContent).toBe('2');
    expect($('.badge').hidden).toBe(false);
    view.setOpen(true);
    expect($('[data-testid=parley-panel]').hidden).toBe(false);
    expect($('.badge').hidden).toBe(true);
    key($('[data-testid=parley-input]'), 'Escape');
    expect(cb.close).toHaveBeenCalled();
  });

  it('says "Reconnecting…" in a polite live region while the connection is down, and nothing once it is back', () => {
    const { view, $ } = setup();
    const banner = $('[data-testid=parley-connection]');
    expect(banner.getAttribute('role')).toBe('status');
    expect(banner.getAttribute('aria-live')).toBe('polite');
    // the region stays in the page (empty) so its text is announced when it appears
    view.setConnection('open');
    expect(banner.textContent).toBe('');
    expect(banner.hidden).toBe(false);
    view.setConnection('reconnecting');
    expect(banner.textContent).toBe('Connection lost. Reconnecting…');
    view.setConnection('connecting'); // the first connection of the page is no outage
    expect(banner.textContent).toBe('');
    view.setConnection('reconnecting');
    view.setConnection('open');
    expect(banner.textContent).toBe('');
  });

  describe('live extras (SPEC A6, A10)', () => {
    const own = (seq: number, over = {}) => msg(seq, { id: `v${seq}`, authorType: MessageAuthorType.visitor, authorName: null, body: `mine ${seq}`, clientId: `c${seq}`, ...over });

    it('shows "<name> is typing…" as text, and hides it when nobody types', () => {
      const { view, $ } = setup();
      view.render([], { operatorReadSeq: 0, operatorTyping: '<b>Anna</b>', editableId: null });
      expect($('[data-testid=parley-typing]').hidden).toBe(false);
      expect($('[data-testid=parley-typing]').textContent).toBe('<b>Anna</b> is typing…');
      expect($('[data-testid=parley-typing]').children).toHaveLength(0);
      view.render([], { operatorReadSeq: 0, operatorTyping: '', editableId: null });
      expect($('[data-testid=parley-typing]').textContent).toBe('Operator is typing…');
      view.render([], { operatorReadSeq: 0, operatorTyping: null, editableId: null });
      expect($('[data-testid=parley-typing]').hidden).toBe(true);
    });

    it('marks own messages Delivered, then Read up to the operator read position, and edited ones', () => {
      const { view, root } = setup();
      const store = new MessageStore();
      store.add(own(1, { editedAt: '2025-01-01T12:03:00.000Z' }));
      store.add(msg(2));
      store.add(own(3));
      view.render(store.items(), { operatorReadSeq: 0, operatorTyping: null, editableId: null });
      const states = () => Array.from(root.querySelectorAll('[data-testid=parley-state]')).map((e) => e.textContent);
      expect(states()).toEqual(['Delivered', 'Delivered']);
      view.render(store.items(), { operatorReadSeq: 2, operatorTyping: null, editableId: null });
      expect(states()).toEqual(['Read', 'Delivered']);
      expect(root.querySelectorAll('[data-testid=parley-edited]')).toHaveLength(1);
    });

    it('edits the last message: Edit fills the composer, Enter saves through edit(), Escape cancels', () => {
      const edit = jest.fn((_id: string, _text: string): string | null => null);
      const { view, root, $, cb } = setup({ edit, typing: jest.fn(), stopTyping: jest.fn() });
      const store = new MessageStore();
      store.add(own(1));
      const marks = { operatorReadSeq: 0, operatorTyping: null, editableId: 'v1' };
      view.render(store.items(), marks);
      const input = $<HTMLTextAreaElement>('[data-testid=parley-input]');
      expect(root.querySelectorAll('[data-testid=parley-edit]')).toHaveLength(1);
      (root.querySelector('[data-testid=parley-edit]') as HTMLButtonElement).click();
      expect(input.value).toBe('mine 1');
      expect($('[data-testid=parley-edit-bar]').hidden).toBe(false);
      input.value = 'mine 1, fixed';
      input.dispatchEvent(new Event('input'));
      expect(cb.typing).not.toHaveBeenCalled(); // an edit is not a new draft
      key(input, 'Enter');
      expect(edit).toHaveBeenCalledWith('v1', 'mine 1, fixed');
      expect(cb.send).not.toHaveBeenCalled();
      expect(input.value).toBe('');
      expect($('[data-testid=parley-edit-bar]').hidden).toBe(true);

      // ArrowUp in an empty composer starts editing; Escape cancels without closing the chat
      key(input, 'ArrowUp');
      expect(input.value).toBe('mine 1');
      key(input, 'Escape');
      expect(input.value).toBe('');
      expect(cb.close).not.toHaveBeenCalled();
    });

    it('keeps the text and shows the error when an edit is refused', () => {
      const { view, $ } = setup({ edit: () => 'Only your last message can be edited, for 15 minutes.' });
      const store = new MessageStore();
      store.add(own(1));
      view.render(store.items(), { operatorReadSeq: 0, operatorTyping: null, editableId: 'v1' });
      view.startEdit('v1');
      const input = $<HTMLTextAreaElement>('[data-testid=parley-input]');
      input.value = 'changed';
      key(input, 'Enter');
      expect(input.value).toBe('changed');
      expect($('[data-testid=parley-error]').textContent).toMatch(/last message/);
    });

    it('offers no Edit button when nothing is editable, and drops an edit in progress when it stops being editable', () => {
      const { view, root, $ } = setup({ edit: jest.fn(() => null) });
      const store = new MessageStore();
      store.add(own(1));
      view.render(store.items(), { operatorReadSeq: 0, operatorTyping: null, editableId: null });
      expect(root.querySelectorAll('[data-testid=parley-edit]')).toHaveLength(0);
      view.render(store.items(), { operatorReadSeq: 0, operatorTyping: null, editableId: 'v1' });
      view.startEdit('v1');
      store.add(own(2));
      view.render(store.items(), { operatorReadSeq: 0, operatorTyping: null, editableId: 'v2' });
      expect($<HTMLTextAreaElement>('[data-testid=parley-input]').value).toBe('');
      expect($('[data-testid=parley-edit-bar]').hidden).toBe(true);
    });

    it('reports typing on input and the stop on blur', () => {
      const typing = jest.fn();
      const stopTyping = jest.fn();
      const { $ } = setup({ typing, stopTyping });
      const input = $<HTMLTextAreaElement>('[data-testid=parley-input]');
      input.value = 'Hel';
      input.dispatchEvent(new Event('input'));
      expect(typing).toHaveBeenCalledWith('Hel');
      input.dispatchEvent(new Event('blur'));
      expect(stopTyping).toHaveBeenCalled();
    });
  });
});
