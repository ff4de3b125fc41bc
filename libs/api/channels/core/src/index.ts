export * from './lib/channel.entity';
export * from './lib/channel.object';
export * from './lib/channels.service';
export * from './lib/channels-core.module';
export * from './lib/adapter/channel-adapter';
export * from './lib/adapter/channel-adapter.decorator';
export * from './lib/adapter/channel-registry';
