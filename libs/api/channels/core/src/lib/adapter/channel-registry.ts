import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { DiscoveryService, Reflector } from '@nestjs/core';
import { ChannelCapabilities, ChannelCapabilitiesLookup, NO_CHANNEL_CAPABILITIES } from '@parley/api/conversations';
import { ChannelAdapter } from './channel-adapter';
import { CHANNEL_ADAPTER, ChannelAdapterMetadata } from './channel-adapter.decorator';

/** Asked for a channel kind no adapter serves. */
export class UnknownChannelKindError extends Error {
  constructor(readonly kind: string) {
    super(`no channel adapter for kind "${kind}"`);
    this.name = 'UnknownChannelKindError';
  }
}

/**
 * The channel adapters of this process, found at module init among the providers marked with
 * `@ChannelAdapterFor(kind)`. Two adapters of one kind, or an adapter whose `kind` differs from its
 * decorator's, stop the start.
 */
@Injectable()
export class ChannelRegistry implements OnModuleInit, ChannelCapabilitiesLookup {
  private readonly logger = new Logger('Channels');
  private readonly adapters = new Map<string, ChannelAdapter>();

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly reflector: Reflector,
  ) {}

  onModuleInit(): void {
    for (const wrapper of this.discovery.getProviders()) {
      if (!wrapper.metatype || !wrapper.instance) continue;
      const meta = this.reflector.get<ChannelAdapterMetadata | undefined>(CHANNEL_ADAPTER, wrapper.metatype);
      if (!meta) continue;
      const adapter = wrapper.instance as ChannelAdapter;
      // one provider imported into several modules is one instance: found again, not a duplicate
      if (this.adapters.get(meta.kind) === adapter) continue;
      this.register(meta.kind, adapter);
    }
    this.logger.log(`channel kinds: ${[...this.adapters.keys()].join(', ') || 'none'}`);
  }

  /**
   * Adds an adapter that Nest's discovery does not see (the framework's own tests register a
   * loopback kind this way); the same rules as discovered ones: one per kind, kinds agree.
   */
  register(kind: string, adapter: ChannelAdapter): void {
    if (adapter.kind !== kind) throw new Error(`channel adapter ${adapter.constructor.name} says kind "${adapter.kind}" but is marked for "${kind}"`);
    if (this.adapters.has(kind)) throw new Error(`two channel adapters for kind "${kind}"`);
    this.adapters.set(kind, adapter);
  }

  /** The adapter of a kind; UnknownChannelKindError when none serves it. */
  get(kind: string): ChannelAdapter {
    const adapter = this.adapters.get(kind);
    if (!adapter) throw new UnknownChannelKindError(kind);
    return adapter;
  }

  has(kind: string): boolean {
    return this.adapters.has(kind);
  }

  kinds(): string[] {
    return [...this.adapters.keys()];
  }

  /** The kinds that have a capability (e.g. for a query over the channels table). */
  kindsWith(capability: keyof ChannelCapabilities): string[] {
    return [...this.adapters.values()].filter((a) => a.capabilities[capability]).map((a) => a.kind);
  }

  /** A kind without an adapter (a stored channel of a kind not built yet) can do nothing. */
  capabilitiesOf(kind: string): ChannelCapabilities {
    return { ...(this.adapters.get(kind)?.capabilities ?? NO_CHANNEL_CAPABILITIES) };
  }

  displayNameOf(kind: string): string {
    return this.adapters.get(kind)?.displayName ?? kind;
  }
}
