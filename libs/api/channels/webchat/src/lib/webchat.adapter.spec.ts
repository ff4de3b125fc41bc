import { ChannelEntity } from '@parley/api/channels/core';
import { MAX_MESSAGE_LENGTH } from '@parley/shared/contracts';
import { visitorIdentity, WEBCHAT_KIND, WebchatChannelAdapter } from './webchat.adapter';

const channel = (over: Partial<ChannelEntity> = {}) => Object.assign(new ChannelEntity(), { id: 'ch-1', workspaceId: 'w-1', type: 'webchat', name: 'Site', publicKey: 'k', active: true, settings: {}, ...over });

describe('WebchatChannelAdapter', () => {
  const adapter = new WebchatChannelAdapter();

  it('is the web chat kind, editable and embeddable', () => {
    expect(adapter.kind).toBe(WEBCHAT_KIND);
    expect(adapter.displayName).toBe('Web chat');
    expect(adapter.capabilities).toEqual({ editable: true, embeddable: true, readReceipts: true, emailsRepliesWhenAway: true });
    expect(Object.isFrozen(adapter.capabilities)).toBe(true);
  });

  it('normalises a visitor message frame and ignores what is not one', () => {
    const m = adapter.parseInbound(channel(), { visitorId: 'v-1', clientId: 'c-1', body: '  Hello  ' });
    expect(m).toMatchObject({ kind: 'webchat', channelId: 'ch-1', workspaceId: 'w-1', externalContactId: 'v-1', clientId: 'c-1', body: 'Hello', attachments: [] });
    expect(adapter.parseInbound(channel(), { visitorId: 'v-1', body: '   ' })).toBeNull();
    expect(adapter.parseInbound(channel(), { visitorId: 'v-1', body: 'x'.repeat(MAX_MESSAGE_LENGTH + 1) })).toBeNull();
    expect(adapter.parseInbound(channel(), { visitorId: 'v-1', body: 42 })).toBeNull();
    expect(adapter.parseInbound(channel(), { visitorId: 'v-1', body: 'ok', clientId: 'x'.repeat(101) })?.clientId).toBeNull();
    expect(adapter.parseInbound(channel(), null as never)).toBeNull();
  });

  it('delivers by the live topic: the external id is the message id', async () => {
    expect(await adapter.deliver({ channel: channel(), conversationId: 'c', messageId: 'm-1', externalContactId: 'v-1', body: 'Hi', attachments: [] })).toBe('m-1');
  });

  it('validates settings with their field errors, and reads valid ones as the current version', () => {
    expect(adapter.validateSettings('nope')).toEqual({ ok: false, errors: [{ field: 'settings', message: 'Must be an object' }] });
    const bad = adapter.validateSettings({ acquisition: { tag: 5, ownerId: 'not-a-uuid' }, preChat: { enabled: 'yes' } });
    expect(bad.ok).toBe(false);
    expect(bad.ok ? [] : bad.errors.map((e) => e.field)).toEqual(expect.arrayContaining(['acquisition.tag', 'acquisition.ownerId', 'preChat.enabled']));
    const good = adapter.validateSettings({ companyName: 'Acme' });
    expect(good).toMatchObject({ ok: true, settings: { version: 1, companyName: 'Acme' } });
  });

  it('connects while the channel is active', async () => {
    expect(await adapter.checkConnection(channel())).toEqual({ ok: true });
    expect(await adapter.checkConnection(channel({ active: false }))).toEqual({ ok: false, message: 'The channel is switched off' });
  });

  it('names a visitor identity by the visitor id on its channel', () => {
    expect(visitorIdentity('w', 'ch', 'v', 'c')).toEqual({ workspaceId: 'w', contactId: 'c', kind: 'webchat', channelId: 'ch', externalId: 'v' });
  });
});
