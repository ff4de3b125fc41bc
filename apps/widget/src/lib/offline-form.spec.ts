/**
 * @jest-environment jsdom
 */
import { DEFAULT_MARKETING_CONSENT_TEXT, DEFAULT_OFFLINE_FORM_INTRO, DEFAULT_OFFLINE_FORM_TITLE, MessageAuthorType, type OfflineFormConfig, type VisitorClientFrame } from '@parley/shared/contracts';
import { ChatSession, type SocketLike } from './chat-session';
import { parseServerFrame } from './frames';
import { normalizeOfflineForm } from './offline-form';
import { DEFAULT_SETTINGS, normalizeSettings } from './settings';
import { memoryStorage } from './storage';
import { loadAllLanguages, msg } from './test-fixtures';
import { EN_TEXTS } from './i18n-en';
import { offlineErrorText } from './offline-form';
import { WidgetView, type ViewCallbacks } from './widget-view';

const FORM: OfflineFormConfig = {
  enabled: true,
  fields: [
    { key: 'name', required: true },
    { key: 'email', required: true },
    { key: 'phone', required: false },
    { key: 'message', required: true },
  ],
  title: 'We are away',
  intro: 'Leave a message <b>here</b>',
  colors: { header: '#112233', button: '#445566' },
};

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

function session() {
  const sockets: FakeSocket[] = [];
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
    setTimer: () => 0,
    clearTimer: () => undefined,
  });
  const connect = (welcome: Record<string, unknown> = {}) => {
    s.connect();
    const socket = sockets[sockets.length - 1];
    socket.open();
    socket.receive({ type: 'welcome', visitorToken: 't', conversationId: null, lastSeq: 0, settings: { ...DEFAULT_SETTINGS, offlineForm: FORM }, available: false, ...welcome });
    return socket;
  };
  return { s, sockets, connect };
}

const valid = { name: 'Ola', email: 'ola@client.test', message: 'Call me' };

describe('offline form in the widget (SPEC C2)', () => {
  afterEach(() => (document.body.textContent = ''));

  it('shows the form only when no operator is available and there is no conversation', () => {
    const { s, connect } = session();
    const socket = connect();
    expect(s.offlineMode).toBe('form');
    socket.receive({ type: 'availability', available: true });
    expect(s.offlineMode).toBeNull();
    socket.receive({ type: 'availability', available: false });
    expect(s.offlineMode).toBe('form');

    const other = session();
    other.connect({ conversationId: 'c1', lastSeq: 1 });
    expect(other.s.offlineMode).toBeNull(); // a conversation in progress keeps the chat

    const disabled = session();
    disabled.connect({ settings: { ...DEFAULT_SETTINGS, offlineForm: { ...FORM, enabled: false } } });
    expect(disabled.s.offlineMode).toBeNull();

    const available = session();
    available.connect({ available: true });
    expect(available.s.offlineMode).toBeNull();
  });

  it('checks required fields and formats before sending anything', () => {
    const { s, connect } = session();
    const socket = connect();
    expect(s.submitOfflineForm({ name: '', email: 'nope', message: 'x'.repeat(4001) }, false)).toBe(false);
    expect(s.offline).toMatchObject({ status: 'error', fieldErrors: { name: 'Required', email: 'Enter a valid e-mail address', message: 'At most 4000 characters' } });
    expect(socket.sent.filter((f) => f.type === 'offline_form')).toEqual([]);
  });

  it('sends the frame, shows the thank-you state on success and returns to the chat when an operator answers', () => {
    const { s, connect } = session();
    const socket = connect({ settings: { ...DEFAULT_SETTINGS, offlineForm: FORM, marketingConsent: { enabled: true, text: 'Offers please' } } });
    expect(s.submitOfflineForm(valid, true)).toBe(true);
    expect(s.offline.status).toBe('sending');
    expect(socket.sent.at(-1)).toEqual({ type: 'offline_form', clientId: 'cid-1', fields: valid, consent: true });
    expect(s.submitOfflineForm(valid, true)).toBe(false); // no double submit while sending
    socket.receive({ type: 'offline_form_result', clientId: 'other', ok: true });
    expect(s.offline.status).toBe('sending');
    socket.receive({ type: 'offline_form_result', clientId: 'cid-1', ok: true, conversationId: 'c9' });
    expect(s.offlineMode).toBe('thanks');
    socket.receive({ type: 'message', message: msg(1, { conversationId: 'c9', authorType: MessageAuthorType.visitor, body: 'Call me' }) });
    expect(s.offlineMode).toBe('thanks');
    socket.receive({ type: 'message', message: msg(2, { conversationId: 'c9', body: 'Hello Ola' }) });
    expect(s.offlineMode).toBeNull();
  });

  it('shows the server’s field errors and rate limit message', () => {
    const { s, connect } = session();
    const socket = connect();
    s.submitOfflineForm(valid, false);
    socket.receive({ type: 'offline_form_result', clientId: 'cid-1', ok: false, code: 'BAD_USER_INPUT', message: 'email: taken', fieldErrors: [{ field: 'email', message: 'Enter a valid e-mail address' }] });
    expect(s.offline).toEqual({ status: 'error', fieldErrors: { email: 'Enter a valid e-mail address' }, message: '' });
    s.submitOfflineForm(valid, false);
    socket.receive({ type: 'offline_form_result', clientId: 'cid-2', ok: false, code: 'RATE_LIMITED', message: 'Please wait a few minutes' });
    expect(s.offline).toEqual({ status: 'error', fieldErrors: {}, message: 'Please wait a few minutes', code: 'RATE_LIMITED' });
  });

  it('sends a form written before the connection was ready once welcome arrives', () => {
    const { s, sockets } = session();
    s.settings = normalizeSettings({ ...DEFAULT_SETTINGS, offlineForm: FORM });
    s.submitOfflineForm(valid, false);
    const socket = sockets[0];
    socket.open();
    expect(socket.sent.map((f) => f.type)).toEqual(['hello']);
    socket.receive({ type: 'welcome', visitorToken: 't', conversationId: null, lastSeq: 0, settings: { ...DEFAULT_SETTINGS, offlineForm: FORM }, available: false });
    expect(socket.sent.map((f) => f.type)).toEqual(['hello', 'offline_form']);
  });

  it('parses settings and result frames defensively', () => {
    expect(normalizeOfflineForm({ enabled: true, fields: [{ key: 'shoeSize', required: true }] })).toBeUndefined();
    expect(normalizeOfflineForm({ enabled: true, fields: [{ key: 'email', required: true }, { key: 'email' }], colors: { header: 'url(x)' } })).toMatchObject({ fields: [{ key: 'email', required: true }], colors: { header: '' } });
    expect(parseServerFrame(JSON.stringify({ type: 'availability', available: 'no' }))).toBeNull();
    expect(parseServerFrame(JSON.stringify({ type: 'offline_form_result', clientId: 'a', ok: false, fieldErrors: [{ field: 'x', message: 1 }, 'junk', { field: 'email', message: 'Bad' }], extra: '<b>' }))).toEqual({
      type: 'offline_form_result',
      clientId: 'a',
      ok: false,
      fieldErrors: [{ field: 'email', message: 'Bad' }],
    });
    expect((parseServerFrame(JSON.stringify({ type: 'welcome', visitorToken: 't', available: false, settings: {} })) as { available?: boolean }).available).toBe(false);
  });

  it('renders the form accessibly instead of the composer, with text only, errors and the thank-you note', () => {
    const submitOffline = jest.fn();
    const cb: ViewCallbacks = { open: jest.fn(), close: jest.fn(), send: jest.fn(() => null), retry: jest.fn(), submitOffline };
    const view = new WidgetView(cb);
    view.mount();
    const root = view.host.shadowRoot as ShadowRoot;
    const $ = <T extends Element = HTMLElement>(sel: string) => root.querySelector(sel) as unknown as T;
    view.applySettings({ ...DEFAULT_SETTINGS, offlineForm: FORM, marketingConsent: { enabled: true, text: 'Offers <i>please</i>' } });
    view.setOpen(true);
    view.setOffline('form', { status: 'idle', fieldErrors: {}, message: '' });

    expect($('[data-testid=parley-offline]').hidden).toBe(false);
    expect($('form.composer').hidden).toBe(true);
    expect($('[data-testid=parley-offline-form]').getAttribute('style')).toContain('--off-button:#445566');
    expect($('.offline-intro').textContent).toBe('Leave a message <b>here</b>');
    expect(root.querySelector('.offline b, .offline i')).toBeNull();
    const labels = Array.from(root.querySelectorAll('.offline label')).map((l) => l.textContent);
    expect(labels).toEqual(['Name *', 'E-mail *', 'Phone', 'Message *', 'Offers <i>please</i>']);
    expect($('[data-testid=parley-off-email]').getAttribute('type')).toBe('email');
    expect($('[data-testid=parley-off-name]').getAttribute('aria-required')).toBe('true');
    expect($('[data-testid=parley-off-phone]').getAttribute('aria-required')).toBeNull();

    $<HTMLInputElement>('[data-testid=parley-off-name]').value = 'Ola';
    $<HTMLInputElement>('[data-testid=parley-off-email]').value = 'ola@client.test';
    $<HTMLTextAreaElement>('[data-testid=parley-off-message]').value = 'Call me';
    $<HTMLInputElement>('[data-testid=parley-off-consent]').checked = true;
    $<HTMLButtonElement>('[data-testid=parley-off-submit]').click();
    expect(submitOffline).toHaveBeenCalledWith({ name: 'Ola', email: 'ola@client.test', message: 'Call me' }, true);

    view.setOffline('form', { status: 'sending', fieldErrors: {}, message: '' });
    expect($<HTMLButtonElement>('[data-testid=parley-off-submit]').disabled).toBe(true);
    view.setOffline('form', { status: 'error', fieldErrors: { email: 'Enter a valid e-mail address' }, message: '' });
    expect($('[data-testid=parley-off-email-error]').textContent).toBe('Enter a valid e-mail address');
    expect($('[data-testid=parley-off-email]').getAttribute('aria-invalid')).toBe('true');
    expect($('[data-testid=parley-off-email]').getAttribute('aria-describedby')).toBe('parley-off-email-error');
    expect(root.activeElement).toBe($('[data-testid=parley-off-email]'));
    expect($('[data-testid=parley-off-name]').getAttribute('aria-invalid')).toBe('false');

    view.setOffline('thanks', { status: 'sent', fieldErrors: {}, message: '' });
    expect($('[data-testid=parley-offline-thanks]').hidden).toBe(false);
    expect($('[data-testid=parley-offline-form]').hidden).toBe(true);

    view.setOffline(null, { status: 'idle', fieldErrors: {}, message: '' });
    expect($('[data-testid=parley-offline]').hidden).toBe(true);
    expect($('form.composer').hidden).toBe(false);
    expect($('[data-testid=parley-edit-bar]').hidden).toBe(true);
  });
  /** A view speaking `languages` (as the browser's navigator.languages), with every language file loaded. */
  function viewIn(languages: string[], form: OfflineFormConfig = DEFAULT_FORM) {
    loadAllLanguages();
    const submitOffline = jest.fn();
    const view = new WidgetView({ open: jest.fn(), close: jest.fn(), send: jest.fn(() => null), retry: jest.fn(), submitOffline }, { languages: () => languages });
    view.mount();
    const root = view.host.shadowRoot as ShadowRoot;
    const $ = <T extends Element = HTMLElement>(sel: string) => root.querySelector(sel) as unknown as T;
    view.applySettings({ ...DEFAULT_SETTINGS, offlineForm: form, marketingConsent: { enabled: true, text: DEFAULT_MARKETING_CONSENT_TEXT } });
    view.setOpen(true);
    view.setOffline('form', { status: 'idle', fieldErrors: {}, message: '' });
    const labels = () => Array.from(root.querySelectorAll('.offline label')).map((l) => l.textContent);
    return { view, root, $, labels, submitOffline };
  }

  const DEFAULT_FORM: OfflineFormConfig = {
    enabled: true,
    fields: [
      { key: 'name', required: false },
      { key: 'email', required: true },
      { key: 'company', required: false },
      { key: 'postalCode', required: false },
      { key: 'message', required: true },
    ],
    title: DEFAULT_OFFLINE_FORM_TITLE,
    intro: DEFAULT_OFFLINE_FORM_INTRO,
    colors: { header: '', button: '' },
  };

  it('speaks the browser’s language (C5): a Polish browser gets the form, its errors and the thank-you note in Polish', () => {
    const { root, $, labels, view } = viewIn(['pl-PL', 'en']);
    expect(root.querySelector('.parley')?.getAttribute('lang') ?? root.querySelector('[lang]')?.getAttribute('lang')).toBe('pl');
    expect($('[data-testid=parley-offline-title]').textContent).toBe('Zostaw nam wiadomość');
    expect($('[data-testid=parley-offline-intro]').textContent).toBe('Nie jesteśmy teraz dostępni. Zostaw wiadomość, a odpowiemy e-mailem.');
    expect(labels()).toEqual(['Imię i nazwisko', 'E-mail *', 'Firma', 'Kod pocztowy', 'Wiadomość *', 'Zgadzam się na otrzymywanie e-maili marketingowych.']);
    expect($('[data-testid=parley-off-submit]').textContent).toBe('Wyślij wiadomość');
    // the stock window title and the composer's length error speak Polish too
    expect($('#parley-title').textContent).toBe('Porozmawiaj z nami');

    // the shared validator's English messages are shown in Polish
    view.setOffline('form', { status: 'error', fieldErrors: { email: 'Enter a valid e-mail address', message: 'Required', company: 'At most 200 characters' }, message: '' });
    expect($('[data-testid=parley-off-email-error]').textContent).toBe('Podaj poprawny adres e-mail');
    expect($('[data-testid=parley-off-message-error]').textContent).toBe('Wymagane');
    expect($('[data-testid=parley-off-company-error]').textContent).toBe('Maksymalnie 200 znaków');
    view.setOffline('form', { status: 'sending', fieldErrors: {}, message: '' });
    expect($('[data-testid=parley-off-submit]').textContent).toBe('Wysyłanie…');
    view.setOffline('form', { status: 'error', fieldErrors: {}, message: 'Too many messages', code: 'RATE_LIMITED' });
    expect($('[data-testid=parley-off-error]').textContent).toBe('Wysyłasz zbyt szybko. Poczekaj chwilę i spróbuj ponownie.');
    view.setOffline('form', { status: 'error', fieldErrors: {}, message: 'Internal error', code: 'INTERNAL' });
    expect($('[data-testid=parley-off-error]').textContent).toBe('Nie udało się wysłać wiadomości. Spróbuj ponownie.');

    view.setOffline('thanks', { status: 'sent', fieldErrors: {}, message: '' });
    expect($('[data-testid=parley-offline-thanks]').textContent).toBe('Dziękujemy — wiadomość została wysłana.Odpowiemy najszybciej, jak to możliwe.');
  });

  it('a German browser gets German labels, button, field error and thank-you note; a local check is German too', () => {
    const { $, labels, view, submitOffline } = viewIn(['de-AT']);
    expect($('[data-testid=parley-offline-title]').textContent).toBe('Hinterlassen Sie uns eine Nachricht');
    expect(labels()).toEqual(['Name', 'E-Mail *', 'Firma', 'Postleitzahl', 'Nachricht *', 'Ich bin mit dem Erhalt von Marketing-E-Mails einverstanden.']);
    expect($('[data-testid=parley-off-submit]').textContent).toBe('Nachricht senden');
    // what the session's shared validator reports for an empty submit, rendered by the view
    $<HTMLButtonElement>('[data-testid=parley-off-submit]').click();
    expect(submitOffline).toHaveBeenCalledWith({}, false);
    view.setOffline('form', { status: 'error', fieldErrors: { email: 'Required', message: 'Required' }, message: '' });
    expect($('[data-testid=parley-off-email-error]').textContent).toBe('Pflichtfeld');
    view.setOffline('thanks', { status: 'sent', fieldErrors: {}, message: '' });
    expect($('.offline-thanks-title').textContent).toBe('Vielen Dank – Ihre Nachricht wurde gesendet.');
  });

  it('keeps the admin’s own title, intro and consent text in every language; Hebrew is right to left', () => {
    const { root, $, labels } = viewIn(['he-IL'], { ...DEFAULT_FORM, title: 'Napisz do nas', intro: '' });
    const lang = root.querySelector('[dir]');
    expect(lang?.getAttribute('dir')).toBe('rtl');
    expect(lang?.getAttribute('lang')).toBe('he');
    expect($('[data-testid=parley-offline-title]').textContent).toBe('Napisz do nas');
    expect($('[data-testid=parley-offline-intro]')).toBeNull();
    expect(labels()[0]).toBe('שם');
    expect($('[data-testid=parley-off-submit]').textContent).toBe('שליחת הודעה');

    const own = viewIn(['de'], { ...DEFAULT_FORM, intro: 'Schreiben Sie uns!' });
    expect(own.$('[data-testid=parley-offline-title]').textContent).toBe('Hinterlassen Sie uns eine Nachricht');
    expect(own.$('[data-testid=parley-offline-intro]').textContent).toBe('Schreiben Sie uns!');
  });

  it('an unknown browser language gets English; every validator message has a translation', () => {
    const { $, labels } = viewIn(['fr-FR']);
    expect($('[data-testid=parley-offline-title]').textContent).toBe('Leave us a message');
    expect(labels()).toEqual(['Name', 'E-mail *', 'Company', 'Postal code', 'Message *', 'I agree to receive marketing e-mails.']);
    expect(offlineErrorText('Enter your e-mail address to receive the confirmation', EN_TEXTS)).toBe(EN_TEXTS.consentEmail);
    expect(offlineErrorText('Enter a valid phone number', EN_TEXTS)).toBe(EN_TEXTS.badPhone);
    expect(offlineErrorText('This field is not part of the form', EN_TEXTS)).toBe('Check this field.');
    expect(offlineErrorText('', EN_TEXTS)).toBe('');
  });
});
