import { DynamicModule, Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { EVENT_BUS, EventBus } from './event-bus';
import { MemoryEventBus } from './memory-event-bus';
import { RedisEventBus } from './redis-event-bus';
import { RedisSharedState } from './redis-shared-state';
import { MemorySharedState, SHARED_STATE, SharedState } from './shared-state';
import { WsUpgradeRouter } from './ws-upgrade-router';

@Global()
@Module({})
export class RealtimeModule implements OnApplicationShutdown {
  constructor(
    @Inject(EVENT_BUS) private readonly bus: EventBus,
    private readonly router: WsUpgradeRouter,
    @Inject(SHARED_STATE) private readonly shared: SharedState,
  ) {}

  static forRoot(options: { redisUrl?: string; redisPrefix?: string }): DynamicModule {
    return {
      module: RealtimeModule,
      providers: [
        {
          provide: EVENT_BUS,
          useFactory: (): EventBus => (options.redisUrl ? new RedisEventBus(options.redisUrl, `${options.redisPrefix ?? 'parley'}:`) : new MemoryEventBus()),
        },
        {
          provide: SHARED_STATE,
          useFactory: (): SharedState => (options.redisUrl ? new RedisSharedState(options.redisUrl, `${options.redisPrefix ?? 'parley'}:`) : new MemorySharedState()),
        },
        WsUpgradeRouter,
      ],
      exports: [EVENT_BUS, SHARED_STATE, WsUpgradeRouter],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.router.close();
    await this.bus.close();
    await this.shared.close();
  }
}
