import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { assertMayEditClients, ClientEventsService, ClientsService, ContactChangeKind } from '@parley/api/contacts';
import { IdentityService, OperatorAccessService } from '@parley/api/identity';
import { AuthUser } from '@parley/api/platform/auth';
import { badInput, decodeCursor, encodeCursor, forbidden, isUuid, notFound } from '@parley/api/platform/graphql';
import { CLIENT_NOTE_MAX_LENGTH, OperatorRole, Permission, ROLES_THAT_REPLY } from '@parley/shared/contracts';
import { DataSource } from 'typeorm';
import { ClientNoteConnectionObject, ClientNoteObject } from './client-note.object';

/** Pages the notes list gives: the panel asks for 5, then 3 more at a time (E6). */
export const CLIENT_NOTES_PAGE_MAX = 50;

const toNote = (r: Record<string, unknown>): ClientNoteObject => ({
  id: r['id'] as string,
  contactId: r['contact_id'] as string,
  body: r['body'] as string,
  authorId: (r['author_id'] as string | null) ?? null,
  authorName: (r['author_name'] as string | null) ?? null,
  createdAt: new Date(r['created_at'] as string),
  updatedAt: new Date(r['updated_at'] as string),
  edited: new Date(r['updated_at'] as string).getTime() !== new Date(r['created_at'] as string).getTime(),
});

/**
 * Issue #11 (E6): notes on a client — the CRM domain's `contact_notes`. Every operator reads them;
 * adding needs the right to edit clients; authors edit and delete their own, admins and holders of
 * "Edit and delete notes of others" any (observers none). Every change is live on the client's topic.
 */
@Injectable()
export class ClientNotesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clients: ClientsService,
    private readonly access: OperatorAccessService,
    private readonly identity: IdentityService,
    private readonly events: ClientEventsService,
  ) {}

  /** Newest first, keyset over (created_at, id) on contact_notes_list_idx. */
  async list(user: AuthUser, contactId: string, first = 5, after?: string | null): Promise<ClientNoteConnectionObject> {
    if (!Number.isInteger(first) || first < 1 || first > CLIENT_NOTES_PAGE_MAX) throw badInput(`first must be between 1 and ${CLIENT_NOTES_PAGE_MAX}`, { field: 'first' });
    await this.clients.get(user.workspaceId, contactId);
    const params: unknown[] = [contactId, user.workspaceId, first + 1];
    let keyset = '';
    if (after) {
      const cur = decodeCursor(after);
      params.push(cur.at.toISOString(), cur.id);
      keyset = ` AND (created_at, id) < ($4::timestamptz, $5::uuid)`;
    }
    const [rows, [count]] = await Promise.all([
      this.db.query(`SELECT * FROM contact_notes WHERE contact_id = $1 AND workspace_id = $2${keyset} ORDER BY created_at DESC, id DESC LIMIT $3`, params),
      this.db.query(`SELECT count(*)::int AS n FROM contact_notes WHERE contact_id = $1 AND workspace_id = $2`, [contactId, user.workspaceId]),
    ]);
    const nodes = (rows as Record<string, unknown>[]).slice(0, first).map(toNote);
    const last = nodes[nodes.length - 1];
    return { nodes, pageInfo: { hasNextPage: rows.length > first, endCursor: last ? encodeCursor({ at: last.createdAt, id: last.id }) : null }, totalCount: count.n };
  }

  async add(user: AuthUser, contactId: string, body: unknown): Promise<ClientNoteObject> {
    await assertMayEditClients(this.access, user);
    const text = checkedBody(body);
    await this.clients.get(user.workspaceId, contactId);
    const [me] = await this.identity.findOperatorsByIds(user.workspaceId, [user.operatorId]);
    const [row] = await this.db.query(
      `INSERT INTO contact_notes (workspace_id, contact_id, author_id, author_name, body) VALUES ($1, $2, $3, $4, $5) RETURNING *`,
      [user.workspaceId, contactId, user.operatorId, me?.displayName ?? null, text],
    );
    const note = toNote(row);
    await this.announce(user, note, ContactChangeKind.note_added);
    return note;
  }

  async update(user: AuthUser, id: string, body: unknown): Promise<ClientNoteObject> {
    const text = checkedBody(body);
    const current = await this.changeable(user, id, 'edit');
    if (current.body === text) return current;
    const [rows] = await this.db.query(`UPDATE contact_notes SET body = $3, updated_at = now() WHERE id = $1 AND workspace_id = $2 RETURNING *`, [id, user.workspaceId, text]);
    const row = (rows as Record<string, unknown>[])[0];
    if (!row) throw notFound('Note');
    const note = toNote(row);
    await this.announce(user, note, ContactChangeKind.note_updated);
    return note;
  }

  async remove(user: AuthUser, id: string): Promise<boolean> {
    const current = await this.changeable(user, id, 'delete');
    const [, deleted] = await this.db.query(`DELETE FROM contact_notes WHERE id = $1 AND workspace_id = $2`, [id, user.workspaceId]);
    if (!deleted) throw notFound('Note');
    await this.announce(user, current, ContactChangeKind.note_deleted);
    return true;
  }

  /** The note, when the caller may change it: its author, an admin, or a holder of delete_others_notes; never an observer. */
  private async changeable(user: AuthUser, id: string, verb: 'edit' | 'delete'): Promise<ClientNoteObject> {
    if (!ROLES_THAT_REPLY.includes(user.role)) throw forbidden('Observers can read notes but not change them');
    if (!isUuid(id)) throw notFound('Note');
    const [row] = await this.db.query(`SELECT * FROM contact_notes WHERE id = $1 AND workspace_id = $2`, [id, user.workspaceId]);
    if (!row) throw notFound('Note');
    const note = toNote(row);
    if (note.authorId !== user.operatorId && user.role !== OperatorRole.admin && !(await this.access.permissions(user)).has(Permission.delete_others_notes)) {
      throw forbidden(`Only its author or an operator with the "Edit and delete notes of others" right can ${verb} this note`);
    }
    return note;
  }

  private announce(user: AuthUser, note: ClientNoteObject, kind: ContactChangeKind): Promise<void> {
    return this.events.publish({ workspaceId: user.workspaceId, contactId: note.contactId, kind, noteId: note.id, actorId: user.operatorId });
  }
}

function checkedBody(body: unknown): string {
  const fail = (message: string) => badInput(message, { field: 'body', fieldErrors: [{ field: 'body', message }] });
  if (typeof body !== 'string' || !body.trim()) throw fail('A note cannot be empty');
  const text = body.trim();
  if (text.length > CLIENT_NOTE_MAX_LENGTH) throw fail(`A note is at most ${CLIENT_NOTE_MAX_LENGTH} characters (this one has ${text.length})`);
  return text;
}
