/**
 * @jest-environment jsdom
 */
import { MessageAuthorType, type WidgetSettings } from '@parley/shared/contracts';
import { PublicApi } from './public-api';
import { cartPriceAsText } from './widget-app';
import { normalizeSettings } from './settings';
import { loadAllLanguages, msg } from './test-fixtures';
import { WidgetView } from './widget-view';

const SETTINGS: WidgetSettings = normalizeSettings({ title: 'Acme', defaultLanguage: 'en', texts: { en: { header: 'We reply fast', welcome: 'Hello' } } });

function setup(languages: readonly string[], cb: Partial<ConstructorParameters<typeof WidgetView>[0]> = {}) {
  const view = new WidgetView({ open: jest.fn(), close: jest.fn(), send: jest.fn(() => null), retry: jest.fn(), ...cb }, { languages: () => languages });
  view.mount();
  const root = view.host.shadowRoot as ShadowRoot;
  const $ = (sel: string) => root.querySelector(sel) as HTMLElement;
  return { view, $, root };
}

// the view's language specs speak every language, as if each file had been fetched
loadAllLanguages();

describe('widget language (C5)', () => {
  afterEach(() => (document.body.textContent = ''));

  it('speaks the browser language: labels, statuses and built-in texts; the admin texts of that language win', () => {
    const { view, $ } = setup(['de-DE', 'en']);
    view.applySettings(SETTINGS);
    expect($('.root').getAttribute('lang')).toBe('de');
    expect($('.root').getAttribute('dir')).toBe('ltr');
    expect($('[data-testid=parley-launcher]').getAttribute('aria-label')).toBe('Chat öffnen');
    expect($('[data-testid=parley-welcome]').textContent).toBe('Hallo! Wie können wir helfen?');
    expect(($('[data-testid=parley-input]') as HTMLTextAreaElement).placeholder).toBe('Nachricht eingeben…');
    view.render([{ kind: 'message', key: 'm1', message: { ...msg(1), authorType: MessageAuthorType.visitor } }], { operatorReadSeq: 0, operatorTyping: 'Anna', editableId: null });
    expect($('[data-testid=parley-state]').textContent).toBe('Zugestellt');
    expect($('[data-testid=parley-typing]').textContent).toBe('Anna schreibt…');

    view.applySettings({ ...SETTINGS, texts: { ...SETTINGS.texts, de: { header: 'Wir sind da', welcome: 'Willkommen bei Acme!' } } });
    expect($('[data-testid=parley-welcome]').textContent).toBe('Willkommen bei Acme!');
    expect($('[data-testid=parley-subtitle]').textContent).toBe('Wir sind da');
  });

  it('falls back from a region (pt-BR → pt) and, for an unknown language, to the channel default', () => {
    const pt = setup(['pt-BR']);
    pt.view.applySettings(SETTINGS);
    expect(pt.$('[data-testid=parley-launcher]').getAttribute('aria-label')).toBe('Abrir chat');
    document.body.textContent = '';
    const unknown = setup(['tlh', 'xx-YY']);
    unknown.view.applySettings({ ...SETTINGS, defaultLanguage: 'en' });
    expect(unknown.$('.root').getAttribute('lang')).toBe('en');
    expect(unknown.$('[data-testid=parley-welcome]').textContent).toBe('Hello');
  });

  it('mirrors the layout for Hebrew (dir=rtl)', () => {
    const { view, $ } = setup(['he-IL']);
    view.applySettings(SETTINGS);
    expect($('.root').getAttribute('dir')).toBe('rtl');
    expect($('.root').classList.contains('rtl')).toBe(true);
    expect($('[data-testid=parley-close]').getAttribute('aria-label')).toBe('סגירת צ׳אט');
  });
});

describe('pre-chat form (C3) and teaser (C4) in the view', () => {
  afterEach(() => (document.body.textContent = ''));

  it('asks only the given fields, checks them in the browser, and shows server errors under the field', () => {
    const submitContact = jest.fn();
    const { view, $, root } = setup(['en'], { submitContact });
    view.applySettings(SETTINGS);
    view.setPreChat([{ field: 'email', required: true }, { field: 'phone', required: false }]);
    expect($('[data-testid=parley-prechat]').hidden).toBe(false);
    expect($('.composer').hidden).toBe(true);
    expect(root.querySelector('[data-testid=parley-prechat-name]')).toBeNull();
    expect($('label[for=parley-pc-phone]').textContent).toBe('Phone (optional)');

    const email = $('[data-testid=parley-prechat-email]') as HTMLInputElement;
    email.value = 'nope';
    ($('[data-testid=parley-prechat]') as HTMLFormElement).requestSubmit();
    expect($('[data-testid=parley-prechat-email-error]').textContent).toBe('Enter a valid e-mail address');
    expect(submitContact).not.toHaveBeenCalled();

    email.value = ' ewa@example.com ';
    ($('[data-testid=parley-prechat]') as HTMLFormElement).requestSubmit();
    expect(submitContact).toHaveBeenCalledWith({ email: 'ewa@example.com' }, false);
    view.setPreChatError('email', 'Enter a valid e-mail address');
    expect(email.getAttribute('aria-invalid')).toBe('true');

    view.setPreChat([]);
    expect($('[data-testid=parley-prechat]').hidden).toBe(true);
    expect($('.composer').hidden).toBe(false);
  });

  it('C8: shows the marketing consent box, unticked, when the channel asks for consent and the form asks the e-mail', () => {
    const submitContact = jest.fn();
    const { view, $, root } = setup(['en'], { submitContact });
    const consenting = { ...SETTINGS, marketingConsent: { enabled: true, text: 'Send me the Acme newsletter' } };
    view.applySettings(SETTINGS);
    view.setPreChat([{ field: 'email', required: false }]);
    expect(root.querySelector('[data-testid=parley-prechat-consent]')).toBeNull(); // channel does not ask

    view.applySettings(consenting);
    view.setPreChat([{ field: 'name', required: false }]);
    expect(root.querySelector('[data-testid=parley-prechat-consent]')).toBeNull(); // no e-mail in the form

    view.setPreChat([{ field: 'name', required: false }, { field: 'email', required: false }]);
    const box = $('[data-testid=parley-prechat-consent]') as HTMLInputElement;
    expect(box.type).toBe('checkbox');
    expect(box.checked).toBe(false);
    expect($('[data-testid=parley-prechat-consent-label]').textContent).toBe('Send me the Acme newsletter');
    expect($('label[for=parley-pc-consent]')).toBeTruthy();

    // ticked without an e-mail: refused in the browser, the e-mail field says why
    box.checked = true;
    ($('[data-testid=parley-prechat]') as HTMLFormElement).requestSubmit();
    expect(submitContact).not.toHaveBeenCalled();
    expect($('[data-testid=parley-prechat-email-error]').textContent).toBe('Enter your e-mail address to confirm the subscription.');
    expect($('[data-testid=parley-prechat-email]').getAttribute('aria-invalid')).toBe('true');

    ($('[data-testid=parley-prechat-email]') as HTMLInputElement).value = 'ewa@example.com';
    ($('[data-testid=parley-prechat]') as HTMLFormElement).requestSubmit();
    expect(submitContact).toHaveBeenLastCalledWith({ email: 'ewa@example.com' }, true);

    // not ticked: no consent
    view.setPreChat([{ field: 'email', required: false }]);
    ($('[data-testid=parley-prechat-email]') as HTMLInputElement).value = 'jan@example.com';
    ($('[data-testid=parley-prechat]') as HTMLFormElement).requestSubmit();
    expect(submitContact).toHaveBeenLastCalledWith({ email: 'jan@example.com' }, false);
  });

  it('C8: the stock consent text speaks the visitor language; a server refusal lands under the e-mail', () => {
    const { view, $ } = setup(['de']);
    view.applySettings({ ...SETTINGS, marketingConsent: { enabled: true, text: 'I agree to receive marketing e-mails (you will get an e-mail to confirm).' } });
    view.setPreChat([{ field: 'email', required: false }]);
    expect($('[data-testid=parley-prechat-consent-label]').textContent).toBe('Ich bin mit dem Erhalt von Marketing-E-Mails einverstanden.');
    view.setPreChatError('email', 'Enter your e-mail address to confirm the subscription');
    expect($('[data-testid=parley-prechat-email-error]').textContent).toBe('Bitte geben Sie Ihre E-Mail-Adresse an, um das Abonnement zu bestätigen.');
  });

  it('shows a teaser that the visitor can dismiss, and hides the whole widget', () => {
    const open = jest.fn();
    const { view, $ } = setup(['pl'], { open });
    view.applySettings(SETTINGS);
    view.setTeaser('<b>Pomóc?</b>');
    expect($('[data-testid=parley-teaser]').hidden).toBe(false);
    expect($('.teaser-text').textContent).toBe('<b>Pomóc?</b>');
    $('.teaser-text').click();
    expect(open).toHaveBeenCalled();
    $('[data-testid=parley-teaser-dismiss]').click();
    expect($('[data-testid=parley-teaser]').hidden).toBe(true);
    view.setVisible(false);
    expect($('[data-testid=parley-root]').hidden).toBe(true);
  });
});

describe('public API extras', () => {
  it('sends number cart prices as their decimal text and leaves strings and nonsense to the server', () => {
    expect(cartPriceAsText({ id: '1', name: 'Mug', quantity: 2, price: 18.5, currency: 'EUR' })).toEqual({ id: '1', name: 'Mug', quantity: 2, price: '18.5', currency: 'EUR' });
    expect(cartPriceAsText({ id: '1', name: 'Mug', quantity: 2, price: '18.50', currency: 'EUR' })).toEqual({ id: '1', name: 'Mug', quantity: 2, price: '18.50', currency: 'EUR' });
    expect(cartPriceAsText({ id: '1', name: 'Mug', quantity: 1, price: NaN })).toEqual({ id: '1', name: 'Mug', quantity: 1, price: NaN });
    expect(cartPriceAsText('x')).toBe('x');
  });

  it('queues identify/setCart/track before the widget starts, replays them in order, and fires ready once', async () => {
    const api = new PublicApi();
    api.drain([['identify', { email: 'a@b.co', hash: 'x', admin: true }], ['track', 'viewed', { sku: 1 }]]);
    api.setCart([{ id: '1', name: 'Shoe', quantity: 1 }]);
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    api.setCart('not a list' as unknown as unknown[]);
    api.track('');
    expect(warn).toHaveBeenCalledTimes(2);
    warn.mockRestore();
    const calls: string[] = [];
    api.attach({
      open: jest.fn(),
      close: jest.fn(),
      identify: (d) => calls.push(`identify ${JSON.stringify(d)}`),
      setCart: (items) => calls.push(`cart ${items.length}`),
      track: (e, d) => calls.push(`track ${e} ${JSON.stringify(d)}`),
    });
    expect(calls).toEqual(['identify {"email":"a@b.co","hash":"x"}', 'track viewed {"sku":1}', 'cart 1']);
    const ready = jest.fn();
    api.on('ready', ready);
    api.emit('ready');
    api.emit('ready');
    expect(ready).toHaveBeenCalledTimes(1);
    const late = jest.fn();
    api.on('ready', late);
    await Promise.resolve();
    expect(late).toHaveBeenCalledTimes(1);
  });
});
