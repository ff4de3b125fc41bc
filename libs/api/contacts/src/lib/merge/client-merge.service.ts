import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { IdentityService, OperatorAccessService } from '@parley/api/identity';
import { AuditService, ClientAuditAction } from '@parley/api/platform/audit';
import { AuthUser } from '@parley/api/platform/auth';
import { badInput, forbidden, isUuid, notFound } from '@parley/api/platform/graphql';
import { ADDRESS_PARTS, composeClientName, Permission } from '@parley/shared/contracts';
import { DataSource } from 'typeorm';
import { assertMayEditClients } from '../clients/client-access';
import { ClientEventsService, ContactChangeKind } from '../clients/client-events';
import { ClientsService } from '../clients/clients.service';
import { ContactEntity } from '../contact.entity';
import { CONTACT_EDIT_CONTEXT, ContactEditContext } from '../edits/contact-edit-context.port';
import { ContactIdentitiesService } from '../identities/contact-identities.service';
import { ClientMergeField } from './client-merge.object';
import { ContactMergeSteps } from './contact-merge-steps';

/** Duplicates listed on a client at most. */
const DUPLICATES_MAX = 20;
const ADDRESS_COLUMNS = ['address', 'address_split', ...ADDRESS_PARTS.map((p) => p.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`))];
const FIELDS = new Set<string>(Object.values(ClientMergeField));

type Row = Record<string, unknown> & { id: string; workspace_id: string };

/**
 * Issue #11 (E2): duplicates of a client (another client with one of its phones or e-mails, from
 * the lookup indexes) and merging one into the other. The operator picks, per value, which client's
 * wins (`take`: from the merged one; otherwise the kept one's, or the merged one's where the kept
 * client has none). In one transaction, with both clients locked in id order: the chosen values
 * are written, phones / e-mails / tags / custom field values joined, channel identities, consents
 * and link codes moved, every other domain's step run (conversations, notes, tasks, the AI
 * summary: ContactMergeSteps), the merged client deleted and the merge audited with the counts.
 * Then both clients' panels hear `merged` (with the survivor) and the inbox rows of its
 * conversations follow. Needs "Edit clients" and "Merge clients"; observers never.
 */
@Injectable()
export class ClientMergeService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(CONTACT_EDIT_CONTEXT) private readonly context: ContactEditContext,
    private readonly clients: ClientsService,
    private readonly access: OperatorAccessService,
    private readonly identity: IdentityService,
    private readonly identities: ContactIdentitiesService,
    private readonly audit: AuditService,
    private readonly events: ClientEventsService,
    private readonly steps: ContactMergeSteps,
  ) {}

  /** Other clients sharing a phone or an e-mail with this one, the most shared first. */
  async duplicates(workspaceId: string, contactId: string): Promise<Array<{ contact: ContactEntity; shared: string[] }>> {
    await this.clients.get(workspaceId, contactId);
    const rows: Array<{ contact_id: string; shared: string[] }> = await this.db.query(
      `SELECT o.contact_id, array_agg(DISTINCT o.value ORDER BY o.value) AS shared
         FROM (
           SELECT p2.contact_id, p2.value FROM contact_phones p1
             JOIN contact_phones p2 ON p2.workspace_id = p1.workspace_id AND p2.value = p1.value AND p2.contact_id <> p1.contact_id
            WHERE p1.contact_id = $2 AND p1.workspace_id = $1
           UNION ALL
           SELECT e2.contact_id, e2.value FROM contact_emails e1
             JOIN contact_emails e2 ON e2.workspace_id = e1.workspace_id AND e2.value = e1.value AND e2.contact_id <> e1.contact_id
            WHERE e1.contact_id = $2 AND e1.workspace_id = $1
         ) o
        GROUP BY o.contact_id
        ORDER BY count(*) DESC, o.contact_id
        LIMIT ${DUPLICATES_MAX}`,
      [workspaceId, contactId],
    );
    if (!rows.length) return [];
    const contacts = await this.db.getRepository(ContactEntity).findBy(rows.map((r) => ({ id: r.contact_id, workspaceId })));
    const byId = new Map(contacts.map((c) => [c.id, c]));
    return rows.flatMap((r) => {
      const contact = byId.get(r.contact_id);
      return contact ? [{ contact, shared: r.shared }] : [];
    });
  }

  async merge(user: AuthUser, input: { survivorId: string; mergedId: string; take?: ClientMergeField[] | null }): Promise<ContactEntity> {
    await assertMayEditClients(this.access, user);
    if (!(await this.access.permissions(user)).has(Permission.merge_clients)) throw forbidden('You need the "Merge clients" right to merge clients');
    const { survivorId, mergedId } = input;
    if (typeof survivorId !== 'string' || !isUuid(survivorId)) throw badInput('No such client to keep', { field: 'survivorId' });
    if (typeof mergedId !== 'string' || !isUuid(mergedId)) throw badInput('No such client to merge', { field: 'mergedId' });
    if (survivorId === mergedId) throw badInput('A client cannot be merged into itself', { field: 'mergedId' });
    const take = new Set<string>();
    for (const f of input.take ?? []) {
      if (!FIELDS.has(f)) throw badInput(`Unknown value to take: ${String(f).slice(0, 40)}`, { field: 'take' });
      take.add(f);
    }
    const [me] = await this.identity.findOperatorsByIds(user.workspaceId, [user.operatorId]);
    const ws = user.workspaceId;
    await this.db.transaction(async (m) => {
      // both locked, in id order (two operators merging the pair both ways do not deadlock)
      const locked = (await m.query(`SELECT * FROM contacts WHERE workspace_id = $1 AND id = ANY($2::uuid[]) ORDER BY id FOR UPDATE`, [ws, [survivorId, mergedId]])) as Row[];
      const s = locked.find((r) => r.id === survivorId);
      const d = locked.find((r) => r.id === mergedId);
      if (!s) throw notFound('Contact');
      if (!d) throw notFound('Contact');
      const pick = (field: ClientMergeField, col: string) => (take.has(field) ? d[col] : (s[col] ?? d[col])) ?? null;

      // phones and e-mails: the merged client's that the survivor lacks move over (not primary)
      const moved: Record<string, number> = {};
      for (const table of ['contact_phones', 'contact_emails']) {
        const [, n] = await m.query(
          `UPDATE ${table} SET contact_id = $2, is_primary = false WHERE workspace_id = $1 AND contact_id = $3 AND value NOT IN (SELECT value FROM ${table} WHERE contact_id = $2)`,
          [ws, survivorId, mergedId],
        );
        moved[table === 'contact_phones' ? 'phones' : 'emails'] = Number(n ?? 0);
      }
      const first = pick(ClientMergeField.firstName, 'first_name') as string | null;
      const last = pick(ClientMergeField.lastName, 'last_name') as string | null;
      const middle = pick(ClientMergeField.middleName, 'middle_name') as string | null;
      const name = composeClientName(first, middle, last) ?? ((s['name'] as string | null) || (d['name'] as string | null) || null);
      // the address goes whole: the kept one, or the merged one when chosen or when the kept client has none
      const hasAddress = (r: Row) => ADDRESS_COLUMNS.some((c) => c !== 'address_split' && r[c]);
      const addressFrom = take.has(ClientMergeField.address) || !hasAddress(s) ? d : s;
      const sets = ['first_name = $3', 'last_name = $4', 'middle_name = $5', 'name = $6', 'phone = $7', 'email = $8', 'owner_id = $9', ...ADDRESS_COLUMNS.map((c, i) => `${c} = $${10 + i}`), 'updated_at = now()'];
      await m.query(`UPDATE contacts SET ${sets.join(', ')} WHERE id = $2 AND workspace_id = $1`, [
        ws,
        survivorId,
        first,
        last,
        middle,
        name,
        pick(ClientMergeField.phone, 'phone'),
        pick(ClientMergeField.email, 'email'),
        pick(ClientMergeField.owner, 'owner_id'),
        ...ADDRESS_COLUMNS.map((c) => addressFrom[c] ?? (c === 'address_split' ? false : null)),
      ]);

      // tags joined (pinned on either stays pinned); custom values: the survivor's win a field both have
      const tags: unknown[] = await m.query(
        `INSERT INTO contact_tags (contact_id, tag_id, workspace_id, pinned, created_at)
         SELECT $2, tag_id, workspace_id, pinned, created_at FROM contact_tags WHERE workspace_id = $1 AND contact_id = $3
         ON CONFLICT (contact_id, tag_id) DO UPDATE SET pinned = contact_tags.pinned OR EXCLUDED.pinned
         RETURNING tag_id`,
        [ws, survivorId, mergedId],
      );
      moved['tags'] = tags.length;
      const [, values] = await m.query(
        `UPDATE client_custom_values v SET contact_id = $2 WHERE contact_id = $3 AND EXISTS (SELECT 1 FROM contacts c WHERE c.id = $2 AND c.workspace_id = $1) AND field_id NOT IN (SELECT field_id FROM client_custom_values WHERE contact_id = $2)`,
        [ws, survivorId, mergedId],
      );
      moved['customValues'] = Number(values ?? 0);
      moved['identities'] = await this.identities.moveAll(m, ws, mergedId, survivorId);
      for (const table of ['marketing_consents', 'channel_link_codes']) {
        await m.query(`UPDATE ${table} SET contact_id = $2 WHERE workspace_id = $1 AND contact_id = $3`, [ws, survivorId, mergedId]);
      }
      for (const step of this.steps.all()) {
        for (const [k, n] of Object.entries(await step.merge(m, { workspaceId: ws, survivorId, mergedId }))) moved[k] = n;
      }
      await m.query(`DELETE FROM contacts WHERE id = $2 AND workspace_id = $1`, [ws, mergedId]);
      await this.audit.record(
        {
          workspaceId: ws,
          actorId: user.operatorId,
          actorName: me?.displayName ?? null,
          action: ClientAuditAction.contactsMerged,
          targetType: 'contact',
          targetId: survivorId,
          details: { survivorId, mergedId, mergedName: d['name'] ?? d['email'] ?? d['phone'] ?? null, taken: [...take], moved },
        },
        m,
      );
    });
    for (const contactId of [mergedId, survivorId]) {
      await this.events.publish({ workspaceId: ws, contactId, kind: ContactChangeKind.merged, survivorId, actorId: user.operatorId });
    }
    await this.context.contactChanged(ws, survivorId);
    return this.clients.get(ws, survivorId);
  }
}
