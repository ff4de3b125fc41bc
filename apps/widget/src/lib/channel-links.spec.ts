/** @jest-environment jsdom */
import { ChannelLinks, renderChannelLinks, VISITOR_CHANNEL_LINKS_PATH, type ChannelLink } from './channel-links';
import { uiTexts } from './i18n';
import { loadAllLanguages } from './test-fixtures';

loadAllLanguages();

const NOW = Date.parse('2026-12-04T22:00:00Z');
const link = (over: Partial<ChannelLink> = {}): ChannelLink => ({ kind: 'telegram', displayName: 'Telegram', url: 'https://t.me/shop_bot?start=plAbc', expiresAt: '2026-12-04T22:30:00Z', ...over });
const answer = (status: number, body: unknown) => ({ ok: status >= 200 && status < 300, status, json: async () => body }) as unknown as Response;

function make(answers: Array<Response | Error>, token: string | null = 'visitor-token') {
  const calls: Array<{ url: string; init: RequestInit }> = [];
  const shown: Array<readonly ChannelLink[]> = [];
  let now = NOW;
  const links = new ChannelLinks({
    apiOrigin: 'https://chat.shop.test',
    token: () => token,
    onChange: (l) => shown.push(l),
    now: () => now,
    fetch: (async (url: string, init: RequestInit) => {
      calls.push({ url, init });
      const next = answers.shift();
      if (!next) throw new Error('no answer left');
      if (next instanceof Error) throw next;
      return next;
    }) as unknown as typeof fetch,
  });
  return { links, calls, shown, at: (t: number) => (now = t) };
}

describe('"Continue in Telegram" links (SPEC A2)', () => {
  it('asks once the visitor has written, with the token in a header, and keeps https links that have not expired', async () => {
    const w = make([answer(200, { links: [link(), link({ url: 'javascript:alert(1)' }), link({ url: 'https://t.me/x?start=old', expiresAt: '2026-12-04T21:00:00Z' }), 'junk'] })]);
    await w.links.update(false);
    expect(w.calls).toHaveLength(0);
    await w.links.update(true);
    expect(w.calls[0].url).toBe(`https://chat.shop.test${VISITOR_CHANNEL_LINKS_PATH}`);
    expect(w.calls[0].init).toEqual({ method: 'POST', headers: { 'x-parley-visitor-token': 'visitor-token' } });
    expect(w.shown).toEqual([[link()]]);
    // a valid link is not asked for again on every render
    await w.links.update(true);
    expect(w.calls).toHaveLength(1);
  });

  it('asks for fresh links once they expired; shows nothing for a refusal or a failure and asks again a minute later', async () => {
    const w = make([answer(200, { links: [link()] }), answer(400, { code: 'CONFLICT' }), new Error('offline'), answer(200, { links: [link({ expiresAt: '2026-12-04T23:30:00Z' })] })]);
    await w.links.update(true);
    w.at(NOW + 31 * 60_000);
    await w.links.update(true);
    expect(w.shown.at(-1)).toEqual([]);
    await w.links.update(true);
    expect(w.calls).toHaveLength(2);
    w.at(NOW + 32 * 60_000);
    await w.links.update(true);
    expect(w.shown.at(-1)).toEqual([]);
    w.at(NOW + 33 * 60_000);
    await w.links.update(true);
    expect(w.shown.at(-1)).toEqual([link({ expiresAt: '2026-12-04T23:30:00Z' })]);
    expect(w.calls).toHaveLength(4);
  });

  it('does not ask without a visitor token, and a workspace without messenger channels shows nothing', async () => {
    const none = make([], null);
    await none.links.update(true);
    expect(none.calls).toHaveLength(0);
    const empty = make([answer(200, { links: [] })]);
    await empty.links.update(true);
    await empty.links.update(true);
    expect(empty.calls).toHaveLength(1);
    expect(empty.shown).toEqual([[]]);
  });

  it('renders each link as a new-tab anchor in the visitor\'s language, text never as HTML', () => {
    const box = document.createElement('div');
    renderChannelLinks(box, [link({ displayName: '<b>Telegram</b>' })], uiTexts('de'));
    const a = box.querySelector('a') as HTMLAnchorElement;
    expect(a.textContent).toBe('In <b>Telegram</b> fortsetzen');
    expect(a.querySelector('b')).toBeNull();
    expect(a.getAttribute('href')).toBe('https://t.me/shop_bot?start=plAbc');
    expect(a.target).toBe('_blank');
    expect(a.rel).toBe('noopener noreferrer');
    expect(box.hidden).toBe(false);
    renderChannelLinks(box, [], uiTexts('en'));
    expect(box.hidden).toBe(true);
    expect(box.children).toHaveLength(0);
  });
});
