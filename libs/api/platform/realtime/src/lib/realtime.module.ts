import { DynamicModule, Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { EVENT_BUS, EventBus } from './event-bus';
import { MemoryEventBus } from './memory-event-bus';
import { RedisEventBus } from './redis-event-bus';
import { WsUpgradeRouter } from './ws-upgrade-router';

@Global()
@Module({})
export class RealtimeModule implements OnApplicationShutdown {
  constructor(
    @Inject(EVENT_BUS) private readonly bus: EventBus,
    private readonly router: WsUpgradeRouter,
  ) {}

  static forRoot(options: { redisUrl?: string; redisPrefix?: string }): DynamicModule {
    return {
      module: RealtimeModule,
      providers: [
        {
          provide: EVENT_BUS,
          useFactory: (): EventBus => (options.redisUrl ? new RedisEventBus(options.redisUrl, `${options.redisPrefix ?? 'parley'}:`) : new MemoryEventBus()),
        },
        WsUpgradeRouter,
      ],
      exports: [EVENT_BUS, WsUpgradeRouter],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.router.close();
    await this.bus.close();
  }
}
