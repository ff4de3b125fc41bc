/** Settings › Client fields (E2): the workspace's custom client fields. */
export const ADMIN_CUSTOM_FIELD_FIELDS = 'id name type options required pinned position';

export const ADMIN_CUSTOM_FIELDS = `query AdminCustomFields { customFields { ${ADMIN_CUSTOM_FIELD_FIELDS} } }`;
export const CREATE_CUSTOM_FIELD = `mutation CreateCustomField($input: CreateCustomFieldInput!) { createCustomField(input: $input) { ${ADMIN_CUSTOM_FIELD_FIELDS} } }`;
export const UPDATE_CUSTOM_FIELD = `mutation UpdateCustomField($input: UpdateCustomFieldInput!) { updateCustomField(input: $input) { ${ADMIN_CUSTOM_FIELD_FIELDS} } }`;
export const DELETE_CUSTOM_FIELD = `mutation DeleteCustomField($id: ID!) { deleteCustomField(id: $id) }`;
