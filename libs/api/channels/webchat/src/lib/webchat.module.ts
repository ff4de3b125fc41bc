import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ChannelsCoreModule } from '@parley/api/channels/core';
import { ContactsModule } from '@parley/api/contacts';
import { ContactAcquisitionService } from './contact-acquisition.service';
import { ConversationsModule } from '@parley/api/conversations';
import { IdentityModule } from '@parley/api/identity';
import { VisitorEntity } from './visitor.entity';
import { VisitorGateway } from './visitor.gateway';
import { WebchatService } from './webchat.service';
import { WebchatSettingsResolver } from './webchat-settings.resolver';
import { WebchatSettingsService } from './webchat-settings.service';
import { ChatPageController } from './chat-page.controller';
import { GeoIpService } from './geoip.service';
import { IdentitySecretService } from './identity-secret.service';
import { VisitorFeaturesService } from './visitor-features.service';
import { VisitorVisitResolver } from './visitor-visit.resolver';
import { WebchatMailModule } from './mail/webchat-mail.module';
import { VisitorAttachmentsController } from './visitor-attachments.controller';
import { WebchatRoutingResolver } from './webchat-routing.resolver';
import { RoutingFeed } from './visitor-routing-watch';
import { BotScenarioEntity } from './bot/bot-scenario.entity';
import { BotScenariosService } from './bot/bot-scenarios.service';
import { BotScenariosResolver } from './bot/bot-scenarios.resolver';
import { BotRuntimeService } from './bot/bot-runtime.service';

@Module({
  imports: [TypeOrmModule.forFeature([VisitorEntity, BotScenarioEntity]), ChannelsCoreModule, ContactsModule, ConversationsModule, IdentityModule, WebchatMailModule],
  providers: [ContactAcquisitionService, WebchatService, VisitorGateway, WebchatSettingsService, WebchatSettingsResolver, GeoIpService, IdentitySecretService, VisitorFeaturesService, VisitorVisitResolver, WebchatRoutingResolver, RoutingFeed, BotScenariosService, BotScenariosResolver, BotRuntimeService],
  controllers: [ChatPageController, VisitorAttachmentsController],
  exports: [WebchatService],
})
export class WebchatModule {}
