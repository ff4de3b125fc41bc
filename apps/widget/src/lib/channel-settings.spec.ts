/**
 * @jest-environment jsdom
 */
import { MessageAuthorType, type WidgetSettings } from '@parley/shared/contracts';
import { parseServerFrame } from './frames';
import { PREVIEW_SETTINGS, PreviewApp, type PreviewWindow } from './preview-app';
import { cssVariables, DEFAULT_SETTINGS, normalizeSettings, pickTexts } from './settings';
import { loadAllLanguages, msg } from './test-fixtures';
import { WidgetView, type WidgetMode } from './widget-view';

const CHANNEL: WidgetSettings = normalizeSettings({
  channelName: 'Website', title: 'Acme', welcomeMessage: 'Hello', inputPlaceholder: 'Ask…', color: '#aa0000', position: 'left',
  avatarUrl: 'https://cdn.example.com/a.png', defaultLanguage: 'en',
  texts: { en: { header: 'We reply fast', welcome: 'Hello' }, pl: { header: 'Odpowiadamy szybko', welcome: 'Dzień dobry' } },
  colors: { header: '#aa0000', launcher: '#00aa00', operatorBubble: '#ffeedd', visitorBubble: '#0000aa', text: '#222222' },
  radius: 6, launcherIcon: 'headset', launcherShape: 'rounded', hideLauncher: false, showOperatorIdentity: false,
});

function setup(mode: WidgetMode = 'embed', languages: readonly string[] = ['en-US']) {
  const view = new WidgetView({ open: jest.fn(), close: jest.fn(), send: jest.fn(() => null), retry: jest.fn() }, { mode, languages: () => languages });
  view.mount();
  const root = view.host.shadowRoot as ShadowRoot;
  const $ = (sel: string) => root.querySelector(sel) as HTMLElement;
  return { view, $ };
}

// the view's language specs speak every language, as if each file had been fetched
loadAllLanguages();

describe('channel window settings in the widget', () => {
  afterEach(() => (document.body.textContent = ''));

  it('turns the colours, rounding and launcher shape into CSS custom properties', () => {
    expect(cssVariables(CHANNEL)).toMatchObject({
      '--pc': '#aa0000', '--pc-text': '#ffffff', '--launcher-bg': '#00aa00', '--op-bg': '#ffeedd', '--op-fg': '#222222',
      '--vis-bg': '#0000aa', '--vis-fg': '#ffffff', '--text': '#222222', '--radius': '6px', '--launcher-radius': '8px',
    });
    expect(cssVariables({ ...CHANNEL, launcherShape: 'circle' })['--launcher-radius']).toBe('50%');
    const { view, $ } = setup();
    view.applySettings(CHANNEL);
    expect($('.root').style.getPropertyValue('--launcher-bg')).toBe('#00aa00');
    expect($('.root').style.getPropertyValue('--radius')).toBe('6px');
    expect($('[data-testid=parley-launcher]').getAttribute('data-shape')).toBe('rounded');
    expect($('[data-testid=parley-launcher] svg').getAttribute('data-icon')).toBe('headset');
    expect($('.root').classList.contains('left')).toBe(true);
    expect($('[data-testid=parley-avatar]').getAttribute('src')).toBe('https://cdn.example.com/a.png');
  });

  it('older settings with only `color` still colour everything; bad values fall back', () => {
    const old = normalizeSettings({ title: 'Shop', color: '#123456' });
    expect(old.colors).toEqual({ header: '#123456', launcher: '#123456', operatorBubble: '#ffffff', visitorBubble: '#123456', text: '#1f2937' });
    const bad = normalizeSettings({ colors: { header: 'url(x)', text: 'red;x:y' }, radius: 99, launcherIcon: '<svg>', avatarUrl: 'javascript:alert(1)', texts: { '<b>': { welcome: 'x' }, de: 'nope' } });
    expect(bad.colors?.header).toBe(DEFAULT_SETTINGS.color);
    expect(bad.colors?.text).toBe('#1f2937');
    expect(bad.radius).toBe(14);
    expect(bad.launcherIcon).toBe('chat');
    expect(bad.avatarUrl).toBe('');
    expect(bad.texts).toEqual({});
    expect(normalizeSettings({ avatarUrl: 'http://cdn.example.com/a.png' }).avatarUrl).toBe('');
  });

  it("shows the texts of the browser's language, falling back to the default language", () => {
    expect(pickTexts(CHANNEL, ['pl-PL', 'en'])).toEqual({ header: 'Odpowiadamy szybko', welcome: 'Dzień dobry' });
    // C5: a German browser gets the widget's German texts when the admin wrote none in German
    expect(pickTexts(CHANNEL, ['de-DE', 'fr'])).toEqual({ header: 'Wir antworten meist innerhalb weniger Minuten', welcome: 'Hallo! Wie können wir helfen?' });
    // a language neither the widget nor the admin knows: the channel's default language
    expect(pickTexts(CHANNEL, ['xx-YY'])).toEqual({ header: 'We reply fast', welcome: 'Hello' });
    expect(pickTexts({ ...DEFAULT_SETTINGS, welcomeMessage: 'Legacy' }, ['pl'])).toMatchObject({ welcome: 'Legacy' });
    const { view, $ } = setup('embed', ['pl-PL']);
    view.applySettings(CHANNEL);
    expect($('[data-testid=parley-welcome]').textContent).toBe('Dzień dobry');
    expect($('[data-testid=parley-subtitle]').textContent).toBe('Odpowiadamy szybko');
    expect($('[data-testid=parley-title]').textContent).toBe('Acme');
  });

  it('renders admin text as text, never markup', () => {
    const { view, $ } = setup();
    view.applySettings({ ...CHANNEL, title: '<img src=x onerror=alert(1)>', texts: { en: { header: '<b>h</b>', welcome: '<script>x</script>' } } });
    expect($('[data-testid=parley-title]').children).toHaveLength(0);
    expect($('[data-testid=parley-subtitle]').textContent).toBe('<b>h</b>');
    expect($('[data-testid=parley-welcome]').querySelector('script')).toBeNull();
  });

  it('hides the launcher when the site opens the chat with its own button', () => {
    const { view, $ } = setup();
    view.applySettings({ ...CHANNEL, hideLauncher: true });
    expect($('.root').classList.contains('no-launcher')).toBe(true);
    view.applySettings({ ...CHANNEL, hideLauncher: false });
    expect($('.root').classList.contains('no-launcher')).toBe(false);
  });

  it('shows the operator who took the chat instead of the company (B9) when enabled', () => {
    const { view, $ } = setup();
    view.applySettings({ ...CHANNEL, showOperatorIdentity: true });
    view.render([{ kind: 'message', key: 'm1', message: msg(1, { authorType: MessageAuthorType.operator, authorName: 'Anna' }) }]);
    expect($('[data-testid=parley-title]').textContent).toBe('Anna');
    expect($('[data-testid=parley-avatar]').hidden).toBe(true);
    view.applySettings({ ...CHANNEL, showOperatorIdentity: false });
    expect($('[data-testid=parley-title]').textContent).toBe('Acme');
  });

  it('full-page mode marks the root so launcher and close button are hidden', () => {
    const { $ } = setup('page');
    expect($('.root').classList.contains('mode-page')).toBe(true);
  });

  it('parses the `settings` frame the server pushes', () => {
    const f = parseServerFrame(JSON.stringify({ type: 'settings', settings: { title: 'New', colors: { header: '#010203' } } }));
    expect(f).toMatchObject({ type: 'settings', settings: { title: 'New', colors: { header: '#010203' } } });
    expect(parseServerFrame(JSON.stringify({ type: 'settings' }))).toBeNull();
  });

  it('the preview takes settings only from its same-origin parent', () => {
    const listeners: Array<(e: { source: unknown; origin: string; data: unknown }) => void> = [];
    const parent = { postMessage: jest.fn() };
    const win: PreviewWindow = { parent, location: { origin: 'https://app.example' }, addEventListener: (_t, l) => listeners.push(l) };
    const app = new PreviewApp(win, () => ['en']);
    app.start();
    expect(parent.postMessage).toHaveBeenCalledWith({ type: 'parley:preview-ready' }, 'https://app.example');
    const root = app.view.host.shadowRoot as ShadowRoot;
    const title = () => (root.querySelector('[data-testid=parley-title]') as HTMLElement).textContent;
    listeners[0]({ source: {}, origin: 'https://app.example', data: { type: PREVIEW_SETTINGS, settings: { title: 'Evil' } } });
    listeners[0]({ source: parent, origin: 'https://evil.example', data: { type: PREVIEW_SETTINGS, settings: { title: 'Evil' } } });
    expect(title()).not.toBe('Evil');
    listeners[0]({ source: parent, origin: 'https://app.example', data: { type: PREVIEW_SETTINGS, settings: { title: 'Acme', colors: { header: '#aa0000' } } } });
    expect(title()).toBe('Acme');
    expect((root.querySelector('.root') as HTMLElement).style.getPropertyValue('--pc')).toBe('#aa0000');
    expect(root.querySelectorAll('[data-testid=parley-message]').length).toBe(2);
    expect((root.querySelector('[data-testid=parley-panel]') as HTMLElement).hidden).toBe(false);
  });
});
