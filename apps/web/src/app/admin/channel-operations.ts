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
