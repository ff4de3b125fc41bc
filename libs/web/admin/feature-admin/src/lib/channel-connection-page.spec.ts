import { TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import { provideNoopAnimations } from '@angular/platform-browser/animations';
import { ApiClient } from '@parley/web/shared/data-access';
import { Confirmer } from '@parley/web/shared/ui';
import { GraphqlRequestError } from '@parley/web/shared/util';
import { ChannelConnectionPage } from './channel-connection-page';

const kinds = {
  channelKinds: [
    { kind: 'webchat', displayName: 'Web chat', webhooks: false, configurable: false, settingsFields: [] },
    {
      kind: 'telegram',
      displayName: 'Telegram',
      webhooks: true,
      configurable: true,
      settingsFields: [
        { key: 'botToken', label: 'Bot token', type: 'secret', required: true, hint: 'From @BotFather', placeholder: '123:ABC', options: [] },
        { key: 'polling.every', label: 'Poll every (s)', type: 'number', required: false, hint: null, placeholder: null, options: [] },
      ],
    },
  ],
};
const view = (over: Record<string, unknown> = {}) => ({
  channel: { id: 'ch-1', name: 'Support bot', type: 'telegram', kindName: 'Telegram', active: true, capabilities: { replyWindowHours: null } },
  settings: JSON.stringify({ polling: { every: 30 }, webhookSecret: 'kept' }),
  secretsSet: ['botToken'],
  webhookUrl: 'https://parley.shop.test/api/channels/ch-1/webhook',
  groupId: 'g-sales',
  acquisitionTag: 'Telegram lead',
  acquisitionOwnerId: null,
  details: [],
  ...over,
});

type Handler = (query: string, variables: Record<string, unknown>) => Promise<unknown>;

async function render(params: { kind?: string; channelId?: string }, handler: Handler, confirm = true) {
  const calls: Array<{ query: string; variables: Record<string, unknown> }> = [];
  const request = jest.fn(async (doc: unknown, variables: Record<string, unknown> = {}) => {
    const query = typeof doc === 'string' ? doc : JSON.stringify(doc);
    calls.push({ query, variables });
    if (query.includes('channelKinds')) return kinds;
    if (query.includes('GroupNames')) return { groups: [{ id: 'g-sales', name: 'Sales' }] };
    if (query.includes('AcquisitionOptions')) return { operators: [{ id: 'op-boris', displayName: 'Boris', email: 'b@x', active: true, role: 'agent' }], tags: [{ id: 't1', name: 'Telegram lead' }] };
    return handler(query, variables);
  });
  TestBed.configureTestingModule({
    providers: [provideRouter([]), provideNoopAnimations(), { provide: ApiClient, useValue: { request } }, { provide: Confirmer, useValue: { ask: async () => confirm } }],
  });
  const router = TestBed.inject(Router);
  const navigate = jest.spyOn(router, 'navigate').mockResolvedValue(true);
  const fixture = TestBed.createComponent(ChannelConnectionPage);
  if (params.kind) fixture.componentRef.setInput('kind', params.kind);
  if (params.channelId) fixture.componentRef.setInput('channelId', params.channelId);
  const tick = () => new Promise((resolve) => setTimeout(resolve, 0));
  fixture.detectChanges();
  for (let i = 0; i < 5; i++) await tick();
  await fixture.whenStable();
  fixture.detectChanges();
  const el = fixture.nativeElement as HTMLElement;
  const settle = async () => {
    fixture.detectChanges();
    for (let i = 0; i < 5; i++) await tick();
    await fixture.whenStable();
    fixture.detectChanges();
  };
  const type = async (testid: string, value: string) => {
    const input = el.querySelector<HTMLInputElement>(`[data-testid="${testid}"]`);
    if (!input) throw new Error(`no ${testid}`);
    input.value = value;
    input.dispatchEvent(new Event('input', { bubbles: true }));
    await settle();
  };
  const click = async (testid: string) => {
    el.querySelector<HTMLElement>(`[data-testid="${testid}"]`)?.click();
    await settle();
    await settle();
  };
  return { el, calls, navigate, type, click, settle, page: fixture.componentInstance };
}

describe('ChannelConnectionPage (issue #10)', () => {
  // a whole form filled in with change detection after each step: slow on a busy CI machine
  jest.setTimeout(30_000);
  it('creates a channel of the kind from its fields, refusing empty required ones first', async () => {
    const r = await render({ kind: 'telegram' }, async (query) => {
      if (query.includes('createChannel')) return { createChannel: view() };
      throw new Error(query);
    });
    expect(r.el.querySelector('h1')?.textContent).toContain('New Telegram channel');
    expect(r.el.textContent).toContain('From @BotFather');
    expect(r.el.textContent).toContain('The webhook URL is shown once the channel is saved.');
    expect(r.el.querySelector<HTMLInputElement>('[data-testid="field-botToken"]')?.type).toBe('password');

    await r.click('save-channel');
    expect(r.el.textContent).toContain('Give the channel a name');
    expect(r.el.querySelector('[data-testid="error-botToken"]')?.textContent).toContain('Bot token is required');
    expect(r.calls.some((c) => c.query.includes('createChannel'))).toBe(false);

    await r.type('field-name', ' Support bot ');
    await r.type('field-botToken', '123:secret');
    await r.type('field-polling.every', '15');
    expect(r.page.hasUnsavedChanges()).toBe(true);
    await r.click('save-channel');
    const create = r.calls.find((c) => c.query.includes('createChannel'));
    expect(create?.variables).toEqual({ input: { type: 'telegram', name: 'Support bot', settings: JSON.stringify({ botToken: '123:secret', polling: { every: 15 } }), groupId: null, acquisitionTag: null, acquisitionOwnerId: null } });
    expect(r.navigate).toHaveBeenCalledWith(['/admin/channels', 'ch-1', 'connection']);
    expect(r.page.hasUnsavedChanges()).toBe(false);
  });

  it('edits a channel: a stored secret is kept when left empty, keys no field shows survive, the provider\'s field errors show at their fields', async () => {
    let updates = 0;
    const r = await render({ channelId: 'ch-1' }, async (query) => {
      if (query.includes('channelAdmin')) return { channelAdmin: view() };
      if (query.includes('updateChannel')) {
        updates++;
        if (updates === 1) throw new GraphqlRequestError('BAD_USER_INPUT', 'polling.every: at least 5', [{ message: 'x', extensions: { code: 'BAD_USER_INPUT', fieldErrors: [{ field: 'polling.every', message: 'Poll at most every 5 seconds' }] } }]);
        return { updateChannel: view({ settings: JSON.stringify({ polling: { every: 60 }, webhookSecret: 'kept' }) }) };
      }
      if (query.includes('checkChannelConnection')) return { checkChannelConnection: { ok: false, message: 'Telegram refused the token: Unauthorized' } };
      throw new Error(query);
    });
    expect(r.el.querySelector('[data-testid="webhook-url"]')?.textContent).toBe('https://parley.shop.test/api/channels/ch-1/webhook');
    expect(r.el.querySelector<HTMLInputElement>('[data-testid="field-botToken"]')?.placeholder).toBe('Set — leave empty to keep it');
    expect(r.el.querySelector<HTMLInputElement>('[data-testid="field-polling.every"]')?.value).toBe('30');

    await r.type('field-polling.every', '1');
    await r.click('save-channel');
    expect(r.el.querySelector('[data-testid="error-polling.every"]')?.textContent).toContain('Poll at most every 5 seconds');
    await r.type('field-polling.every', '60');
    await r.click('save-channel');
    const last = r.calls.filter((c) => c.query.includes('updateChannel')).at(-1);
    expect(last?.variables).toEqual({ input: { id: 'ch-1', name: 'Support bot', active: true, settings: JSON.stringify({ polling: { every: 60 }, webhookSecret: 'kept' }), groupId: 'g-sales', acquisitionTag: 'Telegram lead', acquisitionOwnerId: null } });
    expect(r.el.querySelector('[data-testid="error-polling.every"]')).toBeNull();

    await r.click('check-connection');
    expect(r.el.querySelector('[data-testid="connection-check"]')?.textContent).toContain('Telegram refused the token: Unauthorized');
    // a channel without a reply window has no templates to sync
    expect(r.el.querySelector('[data-testid="sync-templates"]')).toBeNull();
  });

  it('a channel with a reply window (WhatsApp) syncs its templates: what was stored and what was skipped, or the field WhatsApp refused', async () => {
    let syncs = 0;
    const r = await render({ channelId: 'ch-1' }, async (query, variables) => {
      if (query.includes('channelAdmin')) return { channelAdmin: view({ channel: { id: 'ch-1', name: 'Shop WhatsApp', type: 'telegram', kindName: 'WhatsApp', active: true, capabilities: { replyWindowHours: 24 } } }) };
      if (query.includes('syncMessageTemplates')) {
        expect(variables).toEqual({ channelId: 'ch-1' });
        syncs++;
        if (syncs === 2) throw new GraphqlRequestError('BAD_USER_INPUT', 'WhatsApp refused the access token', [{ message: 'WhatsApp refused the access token', extensions: { code: 'BAD_USER_INPUT', fieldErrors: [{ field: 'botToken', message: 'WhatsApp refused this token' }] } }]);
        return { syncMessageTemplates: { stored: 3, syncedAt: '2026-12-04T22:00:00Z', skipped: [{ name: 'promo_video', language: 'en', reason: 'a media header' }] } };
      }
      throw new Error(query);
    });
    await r.click('sync-templates');
    const shown = r.el.querySelector('[data-testid="template-sync"]')?.textContent ?? '';
    expect(shown).toContain('3 approved templates stored.');
    expect(shown).toContain('promo_video (en): a media header');
    await r.click('sync-templates');
    expect(r.el.querySelector('[data-testid="template-sync"]')).toBeNull();
    expect(r.el.querySelector('[data-testid="error-botToken"]')?.textContent).toContain('WhatsApp refused this token');
    expect(r.el.textContent).toContain('WhatsApp refused the access token');
  });

  it('says why a channel with conversations cannot be deleted, and leaves after a delete', async () => {
    let conflict = true;
    const r = await render({ channelId: 'ch-1' }, async (query) => {
      if (query.includes('channelAdmin')) return { channelAdmin: view() };
      if (query.includes('deleteChannel')) {
        if (conflict) throw new GraphqlRequestError('CONFLICT', 'This channel has conversations: switch it off instead of deleting it');
        return { deleteChannel: true };
      }
      throw new Error(query);
    });
    await r.click('delete-channel');
    expect(r.el.querySelector('[data-testid="channel-error"]')?.textContent).toContain('switch it off instead');
    expect(r.navigate).not.toHaveBeenCalled();
    conflict = false;
    await r.click('delete-channel');
    expect(r.navigate).toHaveBeenCalledWith(['/admin/channels']);
  });

  it('refuses a kind Parley does not set up here', async () => {
    const r = await render({ kind: 'webchat' }, async (q) => {
      throw new Error(q);
    });
    expect(r.el.querySelector('[data-testid="channel-error"]')?.textContent).toContain('cannot set up channels of kind "webchat"');
    expect(r.el.querySelector('form')).toBeNull();
  });
});
