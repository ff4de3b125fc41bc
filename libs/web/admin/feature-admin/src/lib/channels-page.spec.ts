import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { ApiClient } from '@parley/web/shared/data-access';
import { RealtimeClient } from '@parley/web/shared/data-access';
import { CHANNEL_KINDS, CHANNELS } from '@parley/web/admin/data-access';
import { ChannelsPage } from './channels-page';

const channel = (over: Record<string, unknown>) => ({ id: 'c1', name: 'Site', type: 'webchat', kindName: 'Web chat', publicKey: 'site-key', active: true, capabilities: { embeddable: true }, ...over });
const kinds = [
  { kind: 'webchat', displayName: 'Web chat', configurable: false, webhooks: false, settingsFields: [] },
  { kind: 'telegram', displayName: 'Telegram', configurable: true, webhooks: true, settingsFields: [] },
];

async function render(channels: unknown[]) {
  let live: (() => void) | null = null;
  const request = jest.fn(async (query: string) => {
    if (query === CHANNELS) return { channels };
    if (query === CHANNEL_KINDS) return { channelKinds: kinds };
    throw new Error(`unexpected ${query}`);
  });
  const realtime = { subscribe: jest.fn((_doc: unknown, sink: { next: () => void }) => ((live = sink.next), () => (live = null))) };
  TestBed.configureTestingModule({ providers: [provideRouter([]), { provide: ApiClient, useValue: { request } }, { provide: RealtimeClient, useValue: realtime }] });
  const fixture = TestBed.createComponent(ChannelsPage);
  const settle = async () => {
    for (let i = 0; i < 3; i++) await new Promise((r) => setTimeout(r, 0));
    await fixture.whenStable();
    fixture.detectChanges();
  };
  await settle();
  return { el: fixture.nativeElement as HTMLElement, request, settle, live: () => live?.() };
}

describe('ChannelsPage', () => {
  it('links web chats to their settings and the generic kinds to their connection form, by what the API reports', async () => {
    const { el, request } = await render([
      channel({}),
      channel({ id: 'c2', name: 'Support bot', type: 'telegram', kindName: 'Telegram', publicKey: 'tg', active: false, capabilities: { embeddable: false } }),
      // a kind this Parley cannot serve (its adapter is gone): listed, not linked
      channel({ id: 'c3', name: 'Old fax', type: 'fax', kindName: 'fax', publicKey: 'fx', active: false, capabilities: { embeddable: false } }),
    ]);
    expect(request).toHaveBeenCalledWith(CHANNELS);
    const link = el.querySelector<HTMLAnchorElement>('[data-testid="channel-site-key"]');
    expect(link?.getAttribute('href')).toBe('/admin/channels/c1');
    expect(link?.textContent).toContain('Web chat · site-key · Active');
    expect(el.querySelector('[data-testid="channel-tg"]')?.getAttribute('href')).toBe('/admin/channels/c2/connection');
    expect(el.querySelector('[data-testid="channel-tg"]')?.textContent).toContain('Telegram · Inactive');
    expect(el.querySelector('[data-testid="channel-fx"]')).toBeNull();
    expect(el.textContent).toContain('fax · Inactive');
    expect(el.querySelector('[data-testid="add-channel"]')).not.toBeNull();
  });

  it('follows other admins\' saves live', async () => {
    const r = await render([channel({})]);
    const before = r.request.mock.calls.length;
    r.live();
    await r.settle();
    expect(r.request.mock.calls.length).toBeGreaterThan(before);
  });

  it('says what to do when there are no channels', async () => {
    const { el } = await render([]);
    expect(el.textContent).toContain('No channels yet. Add one');
  });
});
