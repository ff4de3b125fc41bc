import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { ContactChannelIdentityEntity } from './contact-channel-identity.entity';

/** The longest external id kept (an e-mail address is at most 320 characters). */
export const MAX_EXTERNAL_ID_LENGTH = 320;

export interface ChannelIdentity {
  workspaceId: string;
  contactId: string;
  kind: string;
  channelId?: string | null;
  externalId: string;
}

/**
 * The contacts domain's owner of `contact_channel_identities`: every channel finds the contact
 * behind a sender (`findContactId`) and records who a contact is on it (`attach`); a merge of
 * contacts moves them (`moveAll`). Writes take the caller's transaction (EntityManager), so an
 * identity changes together with what caused it.
 */
@Injectable()
export class ContactIdentitiesService {
  constructor(@InjectRepository(ContactChannelIdentityEntity) private readonly identities: Repository<ContactChannelIdentityEntity>) {}

  /**
   * Records that `externalId` on `kind` is `contactId`. An identity known for another contact of
   * the workspace moves to this one (a visitor identified as a known client); idempotent, and
   * writes nothing when it is already so.
   */
  async attach(m: EntityManager, i: ChannelIdentity): Promise<void> {
    const externalId = checkedExternalId(i.externalId);
    await m.query(
      `INSERT INTO contact_channel_identities (workspace_id, contact_id, kind, channel_id, external_id)
       SELECT $1, c.id, $3, $4, $5 FROM contacts c WHERE c.id = $2 AND c.workspace_id = $1
       ON CONFLICT (workspace_id, kind, external_id) DO UPDATE
         SET contact_id = EXCLUDED.contact_id, channel_id = COALESCE(EXCLUDED.channel_id, contact_channel_identities.channel_id), updated_at = now()
         WHERE contact_channel_identities.contact_id IS DISTINCT FROM EXCLUDED.contact_id
            OR contact_channel_identities.channel_id IS DISTINCT FROM COALESCE(EXCLUDED.channel_id, contact_channel_identities.channel_id)`,
      [i.workspaceId, i.contactId, i.kind, i.channelId ?? null, externalId],
    );
  }

  /** The contact behind a sender on a channel kind, or null (a first message from them). */
  async findContactId(workspaceId: string, kind: string, externalId: string, m?: EntityManager): Promise<string | null> {
    if (!externalId || externalId.length > MAX_EXTERNAL_ID_LENGTH) return null;
    const [row] = await (m ?? this.identities.manager).query(
      `SELECT contact_id FROM contact_channel_identities WHERE workspace_id = $1 AND kind = $2 AND external_id = $3`,
      [workspaceId, kind, externalId],
    );
    return (row?.contact_id as string | undefined) ?? null;
  }

  /** Every identity of a contact, oldest first (at most `limit`). */
  listForContact(workspaceId: string, contactId: string, limit = 100): Promise<ContactChannelIdentityEntity[]> {
    return this.identities.find({ where: { workspaceId, contactId }, order: { createdAt: 'ASC', id: 'ASC' }, take: Math.min(Math.max(limit, 1), 500) });
  }

  /** A merge of contacts: every identity of `fromContactId` becomes `toContactId`'s. Returns how many moved. */
  async moveAll(m: EntityManager, workspaceId: string, fromContactId: string, toContactId: string): Promise<number> {
    if (fromContactId === toContactId) return 0;
    const [, moved] = await m.query(
      `UPDATE contact_channel_identities i SET contact_id = $3, updated_at = now()
        WHERE i.workspace_id = $1 AND i.contact_id = $2
          AND EXISTS (SELECT 1 FROM contacts c WHERE c.id = $3 AND c.workspace_id = $1)`,
      [workspaceId, fromContactId, toContactId],
    );
    return Number(moved ?? 0);
  }

  /** Forgets one identity (the sender is no longer this contact). */
  async detach(m: EntityManager, workspaceId: string, kind: string, externalId: string): Promise<void> {
    await m.query(`DELETE FROM contact_channel_identities WHERE workspace_id = $1 AND kind = $2 AND external_id = $3`, [workspaceId, kind, externalId]);
  }
}

function checkedExternalId(v: string): string {
  if (typeof v !== 'string' || !v || v.length > MAX_EXTERNAL_ID_LENGTH) throw new Error(`a channel identity needs an external id of 1..${MAX_EXTERNAL_ID_LENGTH} characters`);
  return v;
}
