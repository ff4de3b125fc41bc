import { SetMetadata } from '@nestjs/common';

export const CHANNEL_ADAPTER = Symbol('CHANNEL_ADAPTER');

export interface ChannelAdapterMetadata {
  kind: string;
}

/**
 * Marks a provider implementing `ChannelAdapter` as the adapter of one channel kind; the
 * `ChannelRegistry` discovers it (as `@JobProcessor` providers are discovered by the queue).
 */
export const ChannelAdapterFor = (kind: string) => SetMetadata(CHANNEL_ADAPTER, { kind } satisfies ChannelAdapterMetadata);
