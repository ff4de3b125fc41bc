import { ApolloDriver, ApolloDriverConfig } from '@nestjs/apollo';
import { DynamicModule, Module } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import { TerminusModule } from '@nestjs/terminus';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ChannelsCoreModule } from '@parley/api/channels/core';
import { TelegramChannelModule } from '@parley/api/channels/telegram';
import { EmailChannelModule } from '@parley/api/channels/email';
import { WebchatMailModule, WebchatModule } from '@parley/api/channels/webchat';
import { WhatsappChannelModule } from '@parley/api/channels/whatsapp';
import { CatalogueFeedsModule, CommerceModule } from '@parley/api/commerce';
import { ContactEditModule, ContactsModule } from '@parley/api/contacts';
import { AgentToolsModule, ClientHistoryService, ConversationsModule, ConversationsService, GeneratedAttachmentsService, NotificationsService } from '@parley/api/conversations';
import { CrmModule } from '@parley/api/crm';
import { IdentityModule } from '@parley/api/identity';
import { AuditModule } from '@parley/api/platform/audit';
import { AuthModule } from '@parley/api/platform/auth';
import { AppConfig, ConfigModule } from '@parley/api/platform/config';
import { dataSourceOptions } from '@parley/api/platform/database';
import { CheckedEnumVariables, graphqlErrorFormatter, graphqlValidationRules, requestGuardPlugin } from '@parley/api/platform/graphql';
import { MailModule } from '@parley/api/platform/mail';
import { QueueModule, QueueName } from '@parley/api/platform/queue';
import { RealtimeModule } from '@parley/api/platform/realtime';
import { LoggerModule } from 'nestjs-pino';
import { migrations } from '../migrations';
import { entities } from './entities';
import { GRAPHQL_BUILD_SCHEMA_OPTIONS } from './graphql-schema-options';
import { HealthController } from './health.controller';
import { PublicApiModule } from './public-api/public-api.module';

export interface AppModuleOptions {
  config: AppConfig;
  databaseUrl: string;
}

@Module({})
export class AppModule {
  static forRoot({ config, databaseUrl }: AppModuleOptions): DynamicModule {
    const api = config.mode === 'api';
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggerModule.forRoot({
          pinoHttp: {
            level: config.logLevel,
            autoLogging: { ignore: (req) => req.url === '/health' },
            redact: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]', 'req.headers["x-telegram-bot-api-secret-token"]', 'req.headers["x-hub-signature-256"]', 'req.headers["x-api-key"]'],
            transport: process.stdout.isTTY && !config.isProduction ? { target: 'pino-pretty', options: { singleLine: true } } : undefined,
          },
        }),
        TypeOrmModule.forRoot(dataSourceOptions({ url: databaseUrl, entities, migrations })),
        QueueModule.forRoot({ redisUrl: config.redisUrl, redisPrefix: config.redisPrefix, runWorkers: config.runWorkers, concurrency: { [QueueName.outbox]: config.outbox.concurrency } }),
        RealtimeModule.forRoot({ redisUrl: config.redisUrl, redisPrefix: config.redisPrefix }),
        AuthModule,
        AuditModule,
        MailModule,
        ...(api ? [TerminusModule] : []),
        ...(api ? [GraphQLModule.forRoot<ApolloDriverConfig>({
          driver: ApolloDriver,
          autoSchemaFile: process.env['PARLEY_SCHEMA_FILE'] || true,
          sortSchema: true,
          // DateTime input must be a real ISO 8601 date-time (BAD_USER_INPUT otherwise); the same options as `npm run schema`
          buildSchemaOptions: GRAPHQL_BUILD_SCHEMA_OPTIONS,
          playground: false,
          introspection: !config.isProduction,
          // no "Did you mean …?" schema hints for strangers in production (kept in development)
          hideSchemaDetailsFromClientErrors: config.isProduction,
          path: '/graphql',
          context: ({ req, res }: { req: unknown; res: unknown }) => ({ req, res }),
          // depth and cost limits, NUL-free string literals: the same rules as graphql-ws (graphql-ws.ts)
          validationRules: graphqlValidationRules(),
          plugins: [requestGuardPlugin],
          formatError: graphqlErrorFormatter({ production: config.isProduction }),
        })] : []),
        IdentityModule,
        ContactsModule,
        ConversationsModule,
        // contact edits from a conversation: the contacts domain's port, provided by conversations
        ContactEditModule.register({ imports: [ConversationsModule] }),
        AgentToolsModule,
        // the CRM's "task due" notification and the AI summary's history: its ports, provided by the agent tools
        CrmModule.register({ imports: [AgentToolsModule], taskDueNotifier: NotificationsService, clientHistory: ClientHistoryService }),
        CommerceModule.register({ imports: [ConversationsModule], messagePoster: ConversationsService, attachmentStore: GeneratedAttachmentsService }),
        CatalogueFeedsModule,
        ChannelsCoreModule,
        WebchatMailModule,
        TelegramChannelModule,
        WhatsappChannelModule,
        EmailChannelModule,
        ...(api ? [WebchatModule] : []),
        // issue #15: the REST surface for shops' servers (workspace API keys)
        ...(api ? [PublicApiModule] : []),
      ],
      controllers: api ? [HealthController] : [],
      // closed-set enums whose unknown values the domain validators refuse with their field (checked-enum.ts)
      providers: api ? [CheckedEnumVariables] : [],
    };
  }
}
