/**
 * Every audited action (SPEC F4). Domains add theirs here; the API filters by it and the admin
 * screen gives each one its sentence (apps/web audit-sentence.ts, whose spec checks every value).
 */
export enum AuditAction {
  conversationDeleted = 'conversation.deleted',
  operatorCreated = 'operator.created',
  operatorRoleChanged = 'operator.role_changed',
  operatorInvited = 'operator.invited',
  invitationResent = 'invitation.resent',
  invitationRevoked = 'invitation.revoked',
  invitationAccepted = 'invitation.accepted',
  webchatMailSettingsChanged = 'channel.mail_settings_changed',
  webchatIdentitySecretRegenerated = 'webchat.identity_secret_regenerated',
  operatorDeactivated = 'operator.deactivated',
  operatorReactivated = 'operator.reactivated',
  operatorEmailChanged = 'operator.email_changed',
  operatorPasswordChanged = 'operator.password_changed',
  permissionGroupCreated = 'permission_group.created',
  permissionGroupUpdated = 'permission_group.updated',
  permissionGroupDeleted = 'permission_group.deleted',
  permissionGroupMembersChanged = 'permission_group.members_changed',
  /** Two conversations of one client merged into one timeline (details: primary, secondary, moved counts). */
  conversationMerged = 'conversation.merged',
  /** A shared (workspace) quick reply was created, updated or deleted (details: op, shortcut). */
  quickReplyChanged = 'quick_reply.changed',
  groupCreated = 'group.created',
  groupUpdated = 'group.updated',
  groupDeleted = 'group.deleted',
  groupMembersChanged = 'group.members_changed',
  operatorRoutingChanged = 'operator.routing_changed',
  autoAssignChanged = 'workspace.auto_assign_changed',
  channelRoutingChanged = 'channel.routing_changed',
  /** Issue #10: a channel was added, changed (name, active, settings — secrets named, never their values) or deleted (details: type, name, changed). */
  channelCreated = 'channel.created',
  channelUpdated = 'channel.updated',
  channelDeleted = 'channel.deleted',
  /** SPEC C6: the tag / owner given to contacts a web chat acquires (details: tag, ownerId, ownerEmail). */
  channelContactAcquisitionChanged = 'channel.contact_acquisition_changed',
  /** SPEC D2: a bot scenario was created, updated or deleted (details: name, steps). */
  botScenarioCreated = 'bot_scenario.created',
  botScenarioUpdated = 'bot_scenario.updated',
  botScenarioDeleted = 'bot_scenario.deleted',
  /** Issue #10: an agent split an inbound e-mail into a new conversation (details: from, to, externalId). */
  messageSplit = 'message.split',
  /** Issue #10: an agent moved an inbound e-mail into another existing conversation of the same client (details: from, to, externalId). */
  messageMoved = 'message.moved',
  /** Issue #11 (E0): an admin enabled or disabled widgets of the CRM side panel for everyone (details: disabled, enabled). */
  sidePanelWidgetsChanged = 'workspace.side_panel_widgets_changed',
  /** Issue #11 (E7): an admin changed Settings › AI tools (details: changed — the field names; apiKey 'replaced' / 'removed', never its value). */
  aiSettingsChanged = 'workspace.ai_settings_changed',
  /** Issue #12 (E5): an admin changed an acquirer in Settings › Payments (details: kind, enabled, secrets — each 'replaced' / 'removed', never a value). */
  acquirerSettingsChanged = 'workspace.acquirer_settings_changed',
  /** Issue #15: an admin created a workspace API key (details: name, prefix, scopes — never the key). */
  apiKeyCreated = 'api_key.created',
  /** Issue #15: an admin revoked a workspace API key (details: name, prefix). */
  apiKeyRevoked = 'api_key.revoked',
}

export const AUDIT_ACTIONS: readonly AuditAction[] = Object.values(AuditAction);

/**
 * Issue #11: what operators change on clients (CRM). The audit log stores, lists and filters them
 * like the others (AUDITED_ACTIONS); the admin screen gives each its sentence and filter label.
 */
export enum ClientAuditAction {
  /** A client's name, phones, e-mails, address or custom field values changed (details: field, op, value). */
  contactChanged = 'contact.changed',
  /** A conversation was moved to another (matching) client (details: conversationId, fromContactId). */
  conversationLinked = 'contact.conversation_linked',
  /** Two clients merged into one (details: survivorId, mergedId, chosen values, moved counts). */
  contactsMerged = 'contact.merged',
  /** An admin created, changed or deleted a custom client field (details: op, key, name, type). */
  customFieldChanged = 'custom_field.changed',
  /** E1: an operator created a tag in the catalog (details: name, color). */
  tagCreated = 'tag.created',
  /** E1: an admin renamed or recoloured a tag for every client (details: jobId, from, to, clients, conversations); written when the job is started and again when it ends. */
  tagUpdated = 'tag.updated',
  /** E1: an admin deleted a tag from every client and conversation (details: jobId, name, clients, conversations). */
  tagDeleted = 'tag.deleted',
  /** E10: an admin added, changed or deleted a catalogue feed, or started its import (details: op, name, source, url, scheduleHours). */
  catalogueFeedChanged = 'catalogue_feed.changed',
  /** E5: an admin added or changed an order status or a payment type (details: op, name, from, to). */
  orderSettingsChanged = 'order_settings.changed',
}

/** Every action the audit log records and its filter accepts. */
export const AUDITED_ACTIONS: readonly string[] = [...AUDIT_ACTIONS, ...Object.values(ClientAuditAction)];

/** Page sizes the audit log accepts (the `first` argument). */
export const AUDIT_PAGE_MAX = 100;
