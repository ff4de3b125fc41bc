export * from './lib/entities/conversation.entity';
export * from './lib/entities/message.entity';
export * from './lib/dto/conversation.object';
export * from './lib/dto/inbox-event.object';
export * from './lib/services/conversations.service';
export * from './lib/services/conversation-events';
export * from './lib/services/message-body';
export * from './lib/conversations.module';
