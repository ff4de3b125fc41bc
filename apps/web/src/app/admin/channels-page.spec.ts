import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { ApiClient } from '../core/api-client';
import { CHANNELS } from './channel-operations';
import { ChannelsPage } from './channels-page';

const channel = (over: Record<string, unknown>) => ({ id: 'c1', name: 'Site', type: 'webchat', kindName: 'Web chat', publicKey: 'site-key', active: true, capabilities: { embeddable: true }, ...over });

async function render(channels: unknown[]) {
  const request = jest.fn(async (query: string) => {
    if (query !== CHANNELS) throw new Error(`unexpected ${query}`);
    return { channels };
  });
  TestBed.configureTestingModule({ providers: [provideRouter([]), { provide: ApiClient, useValue: { request } }] });
  const fixture = TestBed.createComponent(ChannelsPage);
  await fixture.whenStable();
  fixture.detectChanges();
  return { el: fixture.nativeElement as HTMLElement, request };
}

describe('ChannelsPage', () => {
  it('links the channels whose kind is embeddable to their settings, by the capability the API reports', async () => {
    const { el, request } = await render([
      channel({}),
      // a kind the API serves without an embed code (a messenger): listed, not linked
      channel({ id: 'c2', name: 'Support bot', type: 'telegram', kindName: 'Telegram', publicKey: 'tg', active: false, capabilities: { embeddable: false } }),
    ]);
    expect(request).toHaveBeenCalledWith(CHANNELS);
    const link = el.querySelector<HTMLAnchorElement>('[data-testid="channel-site-key"]');
    expect(link?.getAttribute('href')).toBe('/admin/channels/c1');
    expect(link?.textContent).toContain('Web chat · site-key · Active');
    expect(el.querySelector('[data-testid="channel-tg"]')).toBeNull();
    expect(el.textContent).toContain('Telegram · Inactive');
  });

  it('says so when there are no channels', async () => {
    const { el } = await render([]);
    expect(el.textContent).toContain('No channels yet.');
  });
});
