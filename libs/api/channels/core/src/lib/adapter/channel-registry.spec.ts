import { Injectable, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { CHANNEL_CAPABILITIES, ChannelCapabilitiesLookup, NO_CHANNEL_CAPABILITIES } from '@parley/api/conversations';
import { DiscoveryModule } from '@nestjs/core';
import { ChannelAdapter, ConnectionCheck, NormalisedInboundMessage, SettingsValidation } from './channel-adapter';
import { ChannelAdapterFor } from './channel-adapter.decorator';
import { ChannelRegistry, UnknownChannelKindError } from './channel-registry';

abstract class FakeAdapter implements ChannelAdapter {
  abstract readonly kind: string;
  readonly displayName: string = 'Fake';
  readonly capabilities = { editable: false, embeddable: false, readReceipts: true, emailsRepliesWhenAway: false };
  parseInbound(): NormalisedInboundMessage | null {
    return null;
  }
  async deliver(): Promise<string> {
    return 'ext-1';
  }
  validateSettings(raw: unknown): SettingsValidation<Record<string, unknown>> {
    return { ok: true, settings: raw as Record<string, unknown> };
  }
  async checkConnection(): Promise<ConnectionCheck> {
    return { ok: true };
  }
}

@Injectable()
@ChannelAdapterFor('chat')
class ChatAdapter extends FakeAdapter {
  readonly kind = 'chat';
  override readonly displayName = 'Chat';
  override readonly capabilities = { editable: true, embeddable: true, readReceipts: true, emailsRepliesWhenAway: true };
}

@Injectable()
@ChannelAdapterFor('telegram')
class TelegramAdapter extends FakeAdapter {
  readonly kind = 'telegram';
}

@Injectable()
@ChannelAdapterFor('chat')
class SecondChatAdapter extends FakeAdapter {
  readonly kind = 'chat';
}

@Injectable()
@ChannelAdapterFor('mail')
class MislabelledAdapter extends FakeAdapter {
  readonly kind = 'telegram';
}

/** Not marked: a provider that happens to look like an adapter is not one. */
@Injectable()
class UnmarkedAdapter extends FakeAdapter {
  readonly kind = 'sms';
}

@Module({ providers: [ChatAdapter], exports: [ChatAdapter] })
class ChatModule {}

async function registryWith(...providers: Array<new (...args: never[]) => unknown>): Promise<ChannelRegistry> {
  const ref = await Test.createTestingModule({
    // ChatModule imported twice (as the web chat's module is by the API and its mail module): one adapter
    imports: [DiscoveryModule, ChatModule, { module: class Wrapper {}, imports: [ChatModule] }],
    providers: [ChannelRegistry, { provide: CHANNEL_CAPABILITIES, useExisting: ChannelRegistry }, ...providers],
  }).compile();
  await ref.init();
  return ref.get(ChannelRegistry);
}

describe('ChannelRegistry', () => {
  it('discovers the providers marked with @ChannelAdapterFor, once each, and nothing else', async () => {
    const registry = await registryWith(TelegramAdapter, UnmarkedAdapter);
    expect(registry.kinds().sort()).toEqual(['chat', 'telegram']);
    expect(registry.get('chat')).toBeInstanceOf(ChatAdapter);
    expect(await registry.get('telegram').deliver({} as never)).toBe('ext-1');
    expect(registry.has('sms')).toBe(false);
  });

  it('answers capabilities by kind, and lists the kinds that have one', async () => {
    const registry = await registryWith(TelegramAdapter);
    expect(registry.capabilitiesOf('chat')).toEqual({ editable: true, embeddable: true, readReceipts: true, emailsRepliesWhenAway: true });
    expect(registry.capabilitiesOf('telegram').editable).toBe(false);
    expect(registry.kindsWith('editable')).toEqual(['chat']);
    expect(registry.kindsWith('readReceipts').sort()).toEqual(['chat', 'telegram']);
    expect(registry.displayNameOf('chat')).toBe('Chat');
  });

  it('is the conversations port CHANNEL_CAPABILITIES', async () => {
    const ref = await Test.createTestingModule({ imports: [DiscoveryModule, ChatModule], providers: [ChannelRegistry, { provide: CHANNEL_CAPABILITIES, useExisting: ChannelRegistry }] }).compile();
    await ref.init();
    expect(ref.get<ChannelCapabilitiesLookup>(CHANNEL_CAPABILITIES).capabilitiesOf('chat').editable).toBe(true);
  });

  it('refuses a second adapter of one kind', async () => {
    await expect(registryWith(SecondChatAdapter)).rejects.toThrow('two channel adapters for kind "chat"');
  });

  it('refuses an adapter whose kind differs from its decorator', async () => {
    await expect(registryWith(MislabelledAdapter)).rejects.toThrow(/says kind "telegram" but is marked for "mail"/);
  });

  it('throws UnknownChannelKindError for a kind no adapter serves; its capabilities are none', async () => {
    const registry = await registryWith();
    expect(() => registry.get('whatsapp')).toThrow(UnknownChannelKindError);
    expect(() => registry.get('whatsapp')).toThrow('no channel adapter for kind "whatsapp"');
    expect(registry.capabilitiesOf('whatsapp')).toEqual(NO_CHANNEL_CAPABILITIES);
    expect(registry.displayNameOf('whatsapp')).toBe('whatsapp');
    // a caller changing its copy does not change the registry's answer
    registry.capabilitiesOf('chat').editable = false;
    expect(registry.capabilitiesOf('chat').editable).toBe(true);
  });
});
