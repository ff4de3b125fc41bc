/** GraphQL documents of the channel admin screens (docs/graphql-contract.md). */
export const WEBCHAT_SETTINGS_FIELDS = `version botEnabled botScenarioId companyName avatarUrl defaultLanguage texts { language header welcome } inputPlaceholder
  colors { header launcher operatorBubble visitorBubble text } radius launcherIcon launcherShape hideLauncher position showOperatorIdentity
  acquisition { tag ownerId }`;
const CHANNEL_FIELDS = `id name type publicKey active webchat { ${WEBCHAT_SETTINGS_FIELDS} }`;

export const CHANNELS = `query Channels { channels { id name type kindName publicKey active capabilities { embeddable } } }`;
export const CHANNEL = `query Channel($id: ID!) { channel(id: $id) { ${CHANNEL_FIELDS} } }`;
export const UPDATE_WEBCHAT_CHANNEL = `mutation UpdateWebchatChannel($input: UpdateWebchatChannelInput!) {
  updateWebchatChannel(input: $input) { ${CHANNEL_FIELDS} }
}`;
export const CHANNEL_UPDATED = `subscription ChannelUpdated { channelUpdated { ${CHANNEL_FIELDS} } }`;
/** SPEC C6: who may own the chat's contacts (active ones are offered) and the tag catalog for suggestions. */
export const ACQUISITION_OPTIONS = `query AcquisitionOptions { operators { id displayName email active role } tags { id name } }`;

/** Issue #10: the channel kinds with their settings forms, and the generic channel form's documents. */
export const CHANNEL_KINDS = `query ChannelKinds {
  channelKinds { kind displayName webhooks configurable settingsFields { key label type required hint placeholder options { value label } shownWhen { key values } } }
}`;
const CHANNEL_ADMIN_FIELDS = `channel { id name type kindName active capabilities { replyWindowHours } } settings secretsSet webhookUrl groupId acquisitionTag acquisitionOwnerId details { label value }`;
export const CHANNEL_ADMIN = `query ChannelAdmin($id: ID!) { channelAdmin(id: $id) { ${CHANNEL_ADMIN_FIELDS} } }`;
export const CREATE_CHANNEL = `mutation CreateChannel($input: CreateChannelInput!) { createChannel(input: $input) { ${CHANNEL_ADMIN_FIELDS} } }`;
export const UPDATE_CHANNEL = `mutation UpdateChannel($input: UpdateChannelInput!) { updateChannel(input: $input) { ${CHANNEL_ADMIN_FIELDS} } }`;
export const DELETE_CHANNEL = `mutation DeleteChannel($id: ID!) { deleteChannel(id: $id) }`;
export const CHECK_CHANNEL_CONNECTION = `mutation CheckChannelConnection($id: ID!) { checkChannelConnection(id: $id) { ok message } }`;
/** Issue #10: the approved templates of a channel with a reply window (WhatsApp), read from the provider now. */
export const SYNC_MESSAGE_TEMPLATES = `mutation SyncMessageTemplates($channelId: ID!) { syncMessageTemplates(channelId: $channelId) { stored syncedAt skipped { name language reason } } }`;
export const CHANNELS_CHANGED = `subscription ChannelsChanged { channelUpdated { id } }`;

/** The web chat widget's behaviour (pre-chat form, display rules) and its identity-verification secret (admin channel settings). */
const BEHAVIOUR_FIELDS = `preChat { enabled skipKnownContacts fields { field required } }
  displayRules { hideOnMobile defaultAction rules { domains urlContains urlNotContains urlPattern countries action teaserText openAfterSeconds } }`;
export const CHANNEL_BEHAVIOUR = `query ChannelBehaviour($id: ID!) { channel(id: $id) { id name active webchat { ${WEBCHAT_SETTINGS_FIELDS} ${BEHAVIOUR_FIELDS} } } }`;
export const SAVE_BEHAVIOUR = `mutation SaveWidgetBehaviour($input: UpdateWebchatChannelInput!) { updateWebchatChannel(input: $input) { id webchat { ${BEHAVIOUR_FIELDS} } } }`;
export const IDENTITY_SECRET = `query IdentitySecret($id: ID!) { webchatIdentitySecret(channelId: $id) }`;
export const REGENERATE_SECRET = `mutation RegenerateIdentitySecret($id: ID!) { regenerateWebchatIdentitySecret(channelId: $id) }`;
