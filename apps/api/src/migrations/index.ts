import { InitialSchema1763700000000 } from './1763700000000-initial-schema';
import { LiveExtras1763800000000 } from './1763800000000-live-extras';
import { SearchHistoryAudit1763810000000 } from './1763810000000-search-history-audit';
import { Routing1763900000000 } from './1763900000000-routing';
import { OperatorsPermissions1763910000000 } from './1763910000000-operators-permissions';
import { InboxViews1763920000000 } from './1763920000000-inbox-views';
import { AgentTools1763930000000 } from './1763930000000-agent-tools';
import { WidgetVisits1763940000000 } from './1763940000000-widget-visits';
import { MailInvitationsOffline1763950000000 } from './1763950000000-mail-invitations-offline';
import { Attachments1763960000000 } from './1763960000000-attachments';
import { GroupFilterIndex1763970000000 } from './1763970000000-group-filter-index';
import { ContactAcquisition1764000000000 } from './1764000000000-contact-acquisition';
import { BotScenarios1764010000000 } from './1764010000000-bot-scenarios';
import { WebchatLooseEnds1764020000000 } from './1764020000000-webchat-loose-ends';
import { BotIdleIndex1764030000000 } from './1764030000000-bot-idle-index';
import { OperatorSessions1764040000000 } from './1764040000000-operator-sessions';
import { AuditLogFilters1764047000000 } from './1764047000000-audit-log-filters';
import { OperatorEmailPerWorkspace1764052000000 } from './1764052000000-operator-email-per-workspace';
import { OperatorPresence1764061700000 } from './1764061700000-operator-presence';
import { ContactChannelIdentities1764070000000 } from './1764070000000-contact-channel-identities';
import { OutboundDeliveries1764071000000 } from './1764071000000-outbound-deliveries';
import { ChannelFramework1765100000000 } from './1765100000000-channel-framework';
import { EmailChannel1765200000000 } from './1765200000000-email-channel';
import { WhatsappTemplates1765300000000 } from './1765300000000-whatsapp-templates';
import { TelegramPollState1765400000000 } from './1765400000000-telegram-poll-state';
import { ChannelLinkCodes1765410000000 } from './1765410000000-channel-link-codes';
import { EmailThreadingProtection1766000000000 } from './1766000000000-email-threading-protection';
import { CrmClients1766100000000 } from './1766100000000-crm-clients';
import { ClientCustomFields1766100000001 } from './1766100000001-client-custom-fields';
import { OutboxLineOrder1766200000000 } from './1766200000000-outbox-line-order';
import { MessageEditError1766200001000 } from './1766200001000-message-edit-error';
import { SidePanelLayout1766350000000 } from './1766350000000-side-panel-layout';
import { TagAdmin1766430000000 } from './1766430000000-tag-admin';
import { ClientList1766440000000 } from './1766440000000-client-list';
import { AiSummary1766500000000 } from './1766500000000-ai-summary';
import { Catalogue1766600000000 } from './1766600000000-catalogue';
import { CatalogueFeeds1766610000000 } from './1766610000000-catalogue-feeds';
import { Orders1766700000000 } from './1766700000000-orders';
import { DeliveryRules1766710000000 } from './1766710000000-delivery-rules';
import { PaymentLinks1766720000000 } from './1766720000000-payment-links';
import { OrderCustomFields1766730000000 } from './1766730000000-order-custom-fields';
import { ApiKeys1766740000000 } from './1766740000000-api-keys';

/** Every migration, in order. Add new ones at the end; never edit one that has shipped. */
export const migrations = [
  InitialSchema1763700000000,
  LiveExtras1763800000000,
  SearchHistoryAudit1763810000000,
  Routing1763900000000,
  OperatorsPermissions1763910000000,
  InboxViews1763920000000,
  AgentTools1763930000000,
  WidgetVisits1763940000000,
  MailInvitationsOffline1763950000000,
  Attachments1763960000000,
  GroupFilterIndex1763970000000,
  ContactAcquisition1764000000000,
  BotScenarios1764010000000,
  WebchatLooseEnds1764020000000,
  BotIdleIndex1764030000000,
  OperatorSessions1764040000000,
  AuditLogFilters1764047000000,
  OperatorEmailPerWorkspace1764052000000,
  OperatorPresence1764061700000,
  ContactChannelIdentities1764070000000,
  OutboundDeliveries1764071000000,
  ChannelFramework1765100000000,
  EmailChannel1765200000000,
  WhatsappTemplates1765300000000,
  TelegramPollState1765400000000,
  ChannelLinkCodes1765410000000,
  EmailThreadingProtection1766000000000,
  CrmClients1766100000000,
  ClientCustomFields1766100000001,
  OutboxLineOrder1766200000000,
  MessageEditError1766200001000,
  SidePanelLayout1766350000000,
  TagAdmin1766430000000,
  ClientList1766440000000,
  AiSummary1766500000000,
  Catalogue1766600000000,
  CatalogueFeeds1766610000000,
  Orders1766700000000,
  DeliveryRules1766710000000,
  PaymentLinks1766720000000,
  OrderCustomFields1766730000000,
  ApiKeys1766740000000,
];
