import { CONVERSATION_FIELDS } from '@parley/web/shared/data-access';

/** Issue #11 (E2): the client widget's card — name parts, every phone and e-mail, the address — and its inline edits. */
export const CLIENT_CARD_FIELDS = `id name displayName firstName lastName middleName email phone
  phones { id value primary } emails { id value primary }
  address { line split postalCode country region city street house flat building entrance floor block metro }
  owner { id displayName } tags { id name color pinned } updatedAt
  customFields { field { id } value values }`;

/** A custom client field's definition (E2): admins define them; pinned ones show on every client. */
export const CUSTOM_FIELD_FIELDS = 'id name type options required pinned position rules { min max minLength maxLength pattern scale }';
export const CUSTOM_FIELDS = `query CardCustomFields($query: String) { customFields(query: $query) { ${CUSTOM_FIELD_FIELDS} } }`;
export const SET_CONTACT_CUSTOM_FIELD = `mutation SetContactCustomField($input: SetContactCustomFieldInput!) { setContactCustomField(input: $input) { ${CLIENT_CARD_FIELDS} } }`;
export const PIN_CUSTOM_FIELD = `mutation PinCustomField($input: UpdateCustomFieldInput!) { updateCustomField(input: $input) { ${CUSTOM_FIELD_FIELDS} } }`;
export const SET_PINNED_CUSTOM_FIELD_ORDER = `mutation SetPinnedCustomFieldOrder($ids: [ID!]!) { setPinnedCustomFieldOrder(ids: $ids) { ${CUSTOM_FIELD_FIELDS} } }`;

export const CLIENT_CARD = `query ClientCard($id: ID!) { contact(id: $id) { ${CLIENT_CARD_FIELDS} } }`;
export const SET_CONTACT_NAME = `mutation SetContactName($input: SetContactNameInput!) { setContactName(input: $input) { ${CLIENT_CARD_FIELDS} } }`;
export const ADD_CONTACT_PHONE = `mutation AddContactPhone($input: AddContactPhoneInput!) { addContactPhone(input: $input) { ${CLIENT_CARD_FIELDS} } }`;
export const UPDATE_CONTACT_PHONE = `mutation UpdateContactPhone($input: UpdateContactPhoneInput!) { updateContactPhone(input: $input) { ${CLIENT_CARD_FIELDS} } }`;
export const REMOVE_CONTACT_PHONE = `mutation RemoveContactPhone($input: ContactPhoneRefInput!) { removeContactPhone(input: $input) { ${CLIENT_CARD_FIELDS} } }`;
export const MAKE_CONTACT_PHONE_PRIMARY = `mutation MakeContactPhonePrimary($input: ContactPhoneRefInput!) { makeContactPhonePrimary(input: $input) { ${CLIENT_CARD_FIELDS} } }`;
export const ADD_CONTACT_EMAIL = `mutation AddContactEmail($input: AddContactEmailInput!) { addContactEmail(input: $input) { ${CLIENT_CARD_FIELDS} } }`;
export const UPDATE_CONTACT_EMAIL = `mutation UpdateContactEmail($input: UpdateContactEmailInput!) { updateContactEmail(input: $input) { ${CLIENT_CARD_FIELDS} } }`;
export const REMOVE_CONTACT_EMAIL = `mutation RemoveContactEmail($input: ContactEmailRefInput!) { removeContactEmail(input: $input) { ${CLIENT_CARD_FIELDS} } }`;
export const MAKE_CONTACT_EMAIL_PRIMARY = `mutation MakeContactEmailPrimary($input: ContactEmailRefInput!) { makeContactEmailPrimary(input: $input) { ${CLIENT_CARD_FIELDS} } }`;
export const SET_CONTACT_ADDRESS = `mutation SetContactAddress($input: SetContactAddressInput!) { setContactAddress(input: $input) { ${CLIENT_CARD_FIELDS} } }`;

/** Clients that already have the phone or e-mail being typed (offered: link this conversation to them). */
export const CLIENT_MATCHES = `query ClientMatches($phone: String, $email: String, $exceptContactId: ID) {
  clientMatches(phone: $phone, email: $email, exceptContactId: $exceptContactId) { id displayName email phone }
}`;
export const LINK_CONVERSATION_TO_CONTACT = `mutation LinkConversationToContact($input: LinkConversationToContactInput!) {
  linkConversationToContact(input: $input) { ${CONVERSATION_FIELDS} }
}`;

/** The card changed (another operator's edit, a merge): read it again. */
export const CLIENT_CARD_CHANGED = `subscription ClientCardChanged($contactId: ID!) {
  contactChanged(contactId: $contactId) { kind contactId survivorId actorId }
}`;

/** Issue #11 (E2): other clients sharing a phone or e-mail, and merging one into the open client. */
export const CLIENT_DUPLICATES = `query ClientDuplicates($contactId: ID!) { clientDuplicates(contactId: $contactId) { shared contact { id displayName } } }`;
export const MERGE_CLIENTS = `mutation MergeClients($input: MergeClientsInput!) { mergeClients(input: $input) { ${CLIENT_CARD_FIELDS} } }`;
