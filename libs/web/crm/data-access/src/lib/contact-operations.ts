/** GraphQL documents of the contact's owner and tags in the side panel (SPEC C6). */
export const CONTACT_FIELDS = 'id name email phone owner { id displayName } tags { id name }';

export const SET_CONTACT_OWNER = `mutation SetContactOwner($input: SetContactOwnerInput!) { setContactOwner(input: $input) { ${CONTACT_FIELDS} } }`;
export const TAG_CONTACT = `mutation TagContact($input: TagContactInput!) { tagContact(input: $input) { ${CONTACT_FIELDS} } }`;
export const UNTAG_CONTACT = `mutation UntagContact($input: UntagContactInput!) { untagContact(input: $input) { ${CONTACT_FIELDS} } }`;
