export * from './lib/entities/visit.entity';
export * from './lib/entities/visit-event.entity';
export * from './lib/services/visits.service';
export * from './lib/visit-input';
export * from './lib/visits.module';
export * from './lib/cart';
export * from './lib/dto/visitor-visit.object';
