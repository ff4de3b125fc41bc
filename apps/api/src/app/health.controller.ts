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
      () => this.indicators.check('runtime').up({ queue: this.queue.kind, pubsub: this.bus.kind }),
    ]);
  }
}
