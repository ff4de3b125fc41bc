export * from './lib/visitor.entity';
export * from './lib/webchat-settings';
export * from './lib/webchat.service';
export * from './lib/webchat.module';
export * from './lib/webchat-settings.service';
