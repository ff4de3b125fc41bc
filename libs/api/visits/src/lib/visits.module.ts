import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ConversationsModule } from '@parley/api/conversations';
import { VisitEventEntity } from './entities/visit-event.entity';
import { VisitEntity } from './entities/visit.entity';
import { VisitorVisitResolver } from './resolvers/visitor-visit.resolver';
import { VisitsService } from './services/visits.service';

/** Visits, page views, events and the cart of web chat visitors (SPEC E8). */
@Module({
  imports: [TypeOrmModule.forFeature([VisitEntity, VisitEventEntity]), ConversationsModule],
  providers: [VisitsService, VisitorVisitResolver],
  exports: [VisitsService],
})
export class VisitsModule {}
