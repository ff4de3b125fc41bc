import { ChannelEntity } from '@parley/api/channels/core';
import { BotScenarioEntity, VisitorEntity } from '@parley/api/channels/webchat';
import { ProductEntity } from '@parley/api/commerce';
import { ContactChannelIdentityEntity, ContactEntity } from '@parley/api/contacts';
import { AttachmentEntity, ConversationEntity, MessageEntity } from '@parley/api/conversations';
import { GroupEntity, InvitationEntity, OperatorEntity, RefreshTokenEntity, WorkspaceEntity } from '@parley/api/identity';
import { VisitEntity, VisitEventEntity } from '@parley/api/visits';

export const entities = [WorkspaceEntity, OperatorEntity, RefreshTokenEntity, ChannelEntity, ContactEntity, ProductEntity, ConversationEntity, MessageEntity, VisitorEntity, InvitationEntity, GroupEntity, AttachmentEntity, BotScenarioEntity, ContactChannelIdentityEntity, VisitEntity, VisitEventEntity];
