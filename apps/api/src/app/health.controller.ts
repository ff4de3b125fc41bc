import { Controller, Get, Inject } from '@nestjs/common';
import { HealthCheck, HealthCheckService, HealthIndicatorService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { EVENT_BUS, EventBus } from '@parley/api/platform/realtime';
import { QueueService } from '@parley/api/platform/queue';

@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
    private readonly indicators: HealthIndicatorService,
    private readonly queue: QueueService,
    @Inject(EVENT_BUS) private readonly bus: EventBus,
  ) {}

  @Get()
  @HealthCheck()
  check() {
    return this.health.check([
      () => this.db.pingCheck('database', { timeout: 2000 }),
      () => this.redisCheck(),
      () => this.indicators.check('runtime').up({ queue: this.queue.kind, pubsub: this.bus.kind }),
    ]);
  }

  /** With REDIS_URL set, Redis carries every live event: it not answering is an outage (503, `redis: down`). */
  private async redisCheck() {
    const redis = this.indicators.check('redis');
    if (this.bus.kind !== 'redis') return redis.up({ used: false });
    try {
      await this.bus.ping(2000);
      return redis.up();
    } catch (e) {
      return redis.down({ message: (e as Error)?.message ?? 'Redis did not answer' });
    }
  }
}
