/** GraphQL documents of the Clients page (issue #11, E2): the list, its filter choices, one row, live changes. */
const CLIENT_ROW_FIELDS = 'id displayName avatarColor name email phone createdAt updatedAt owner { id displayName } tags { id name }';

export const CLIENT_LIST = `query ClientList($filter: ClientFilterInput, $first: Int, $after: String) {
  clients(filter: $filter, first: $first, after: $after) { nodes { ${CLIENT_ROW_FIELDS} } pageInfo { hasNextPage endCursor } }
}`;
export const CLIENT_ROW = `query ClientRow($id: ID!) { contact(id: $id) { ${CLIENT_ROW_FIELDS} customFields { field { id name type } value values } } }`;
export const CLIENT_FILTER_CHOICES = `query ClientFilterChoices { tags { id name } teammates { id displayName role } customFields { id name type options } }`;
export const CLIENTS_CHANGED = `subscription ClientsChanged { clientsChanged { kind contactId survivorId } }`;
