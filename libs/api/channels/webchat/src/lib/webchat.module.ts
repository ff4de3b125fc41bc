import { Module, OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { AppConfig } from '@parley/api/platform/config';
import { QueueName, QueueService } from '@parley/api/platform/queue';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ChannelsCoreModule } from '@parley/api/channels/core';
import { ContactsModule } from '@parley/api/contacts';
import { VisitorConversationsModule } from './visitor-conversations';
import { ConversationsModule } from '@parley/api/conversations';
import { IdentityModule } from '@parley/api/identity';
import { VisitsModule } from '@parley/api/visits';
import { VisitorEntity } from './visitor.entity';
import { VisitorGateway } from './visitor.gateway';
import { VisitorFrameRegistry } from './frames/visitor-frame-registry';
import { VISITOR_FRAME_HANDLERS } from './frames/visitor-frame-handlers';
import { VisitorLimits } from './visitor-limits';
import { WebchatService } from './webchat.service';
import { WebchatChannelModule } from './webchat.adapter';
import { WebchatSettingsResolver } from './webchat-settings.resolver';
import { WebchatSettingsService } from './webchat-settings.service';
import { ChatPageController } from './chat-page.controller';
import { GeoIpService } from './geoip.service';
import { IdentitySecretService } from './identity-secret.service';
import { VisitorFeaturesService } from './visitor-features.service';
import { IdentitySecretResolver } from './identity-secret.resolver';
import { WebchatMailModule } from './mail/webchat-mail.module';
import { VisitorChannelLinksController } from './visitor-channel-links.controller';
import { VisitorAttachmentsController } from './visitor-attachments.controller';
import { VisitorHttpGate } from './visitor-http-gate';
import { WebchatRoutingResolver } from './webchat-routing.resolver';
import { RoutingFeed } from './visitor-routing-watch';
import { BotScenarioEntity } from './bot/bot-scenario.entity';
import { BotScenariosService } from './bot/bot-scenarios.service';
import { BotScenariosResolver } from './bot/bot-scenarios.resolver';
import { BotRuntimeService } from './bot/bot-runtime.service';
import { CLOSE_IDLE_BOT_CHATS_EVERY_MS, CLOSE_IDLE_BOT_CHATS_JOB, CloseIdleBotChatsJob } from './bot/close-idle-bot-chats.job';

@Module({
  imports: [DiscoveryModule, TypeOrmModule.forFeature([VisitorEntity, BotScenarioEntity]), ChannelsCoreModule, ContactsModule, ConversationsModule, IdentityModule, VisitsModule, WebchatMailModule, WebchatChannelModule, VisitorConversationsModule],
  providers: [WebchatService, VisitorGateway, VisitorLimits, VisitorHttpGate, WebchatSettingsService, WebchatSettingsResolver, GeoIpService, IdentitySecretService, VisitorFeaturesService, IdentitySecretResolver, WebchatRoutingResolver, RoutingFeed, BotScenariosService, BotScenariosResolver, BotRuntimeService, CloseIdleBotChatsJob, VisitorFrameRegistry, ...VISITOR_FRAME_HANDLERS],
  controllers: [ChatPageController, VisitorAttachmentsController, VisitorChannelLinksController],
  exports: [WebchatService],
})
export class WebchatModule implements OnApplicationBootstrap {
  constructor(
    private readonly queue: QueueService,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    // SPEC C9/D2: chats left waiting at a bot step are closed after BOT_IDLE_CLOSE_MINUTES
    if (this.config.mode === 'api') this.queue.schedule(QueueName.maintenance, CLOSE_IDLE_BOT_CHATS_JOB, CLOSE_IDLE_BOT_CHATS_EVERY_MS);
  }
}
