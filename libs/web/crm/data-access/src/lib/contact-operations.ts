import { CONVERSATION_FIELDS } from '@parley/web/shared/data-access';

/** GraphQL documents of the contact's owner and tags in the side panel (SPEC C6). */
export const CONTACT_FIELDS = 'id name email phone owner { id displayName } tags { id name color pinned }';

export const SET_CONTACT_OWNER = `mutation SetContactOwner($input: SetContactOwnerInput!) { setContactOwner(input: $input) { ${CONTACT_FIELDS} } }`;
export const TAG_CONTACT = `mutation TagContact($input: TagContactInput!) { tagContact(input: $input) { ${CONTACT_FIELDS} } }`;
export const UNTAG_CONTACT = `mutation UntagContact($input: UntagContactInput!) { untagContact(input: $input) { ${CONTACT_FIELDS} } }`;

/** The client's conversations on every channel (the side panel's timeline) and merging one into the open one (issue #10). */
export const MERGE_CONVERSATIONS = `mutation MergeConversations($input: MergeConversationsInput!) {
  mergeConversations(input: $input) { ${CONVERSATION_FIELDS} }
}`;
export const CONTACT_CONVERSATIONS = `query ContactConversations($contactId: ID!, $first: Int, $after: String) {
  contactConversations(contactId: $contactId, first: $first, after: $after) {
    nodes { id status lastMessageAt lastMessagePreview channel { id name type } assignee { id displayName } }
    pageInfo { hasNextPage endCursor }
  }
}`;
/** E1: pin (or unpin) one of the client's tags: it shows by the client's name and sorts first. */
export const PIN_CONTACT_TAG = `mutation PinContactTag($input: PinContactTagInput!) { pinContactTag(input: $input) { ${CONTACT_FIELDS} } }`;
