/** Issue #11 (E6): the client's notes in the side panel — newest first, 5 then 3 more at a time. */
export const CLIENT_NOTE_FIELDS = 'id contactId body authorId authorName createdAt updatedAt edited';

export const CLIENT_NOTES = `query ClientNotes($contactId: ID!, $first: Int, $after: String) {
  clientNotes(contactId: $contactId, first: $first, after: $after) {
    nodes { ${CLIENT_NOTE_FIELDS} }
    pageInfo { hasNextPage endCursor }
    totalCount
  }
}`;

export const ADD_CLIENT_NOTE = `mutation AddClientNote($input: AddClientNoteInput!) { addClientNote(input: $input) { ${CLIENT_NOTE_FIELDS} } }`;
export const UPDATE_CLIENT_NOTE = `mutation UpdateClientNote($input: UpdateClientNoteInput!) { updateClientNote(input: $input) { ${CLIENT_NOTE_FIELDS} } }`;
export const DELETE_CLIENT_NOTE = `mutation DeleteClientNote($input: DeleteClientNoteInput!) { deleteClientNote(input: $input) }`;

/** Another operator's note changes on this client (note_added / note_updated / note_deleted). */
export const NOTES_CONTACT_CHANGED = `subscription NotesContactChanged($contactId: ID!) {
  contactChanged(contactId: $contactId) { kind contactId noteId actorId }
}`;
