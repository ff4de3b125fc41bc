import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IdentityService, OperatorEntity } from '@parley/api/identity';
import { badInput, isUuid } from '@parley/api/platform/graphql';
import { contactIdRangeOfCode, isAnonymousContact, OperatorRole, pseudonymSearch, visitorPseudonym } from '@parley/shared/contracts';
import { EntityManager, In, Repository } from 'typeorm';
import { ContactEntity } from './contact.entity';
import { TagObject } from './tags/tag.object';

/** At most this many anonymous contacts share a pseudonym code in one search (65,536 codes: millions of visitors before it binds). */
export const PSEUDONYM_CANDIDATES_MAX = 500;

/** What a channel gives every contact it acquires (SPEC C6); both optional. */
export interface ContactAcquisition {
  tagId: string | null;
  ownerId: string | null;
}

@Injectable()
export class ContactsService {
  constructor(
    @InjectRepository(ContactEntity) private readonly contacts: Repository<ContactEntity>,
    private readonly identity: IdentityService,
  ) {}

  async createAnonymous(workspaceId: string, manager?: EntityManager): Promise<ContactEntity> {
    const repo = manager ? manager.getRepository(ContactEntity) : this.contacts;
    return repo.save(repo.create({ workspaceId, name: null, email: null, phone: null, ownerId: null }));
  }

  /** The workspace's contacts among `ids` (any order; unknown and other workspaces' ids are skipped). `m`: the caller's transaction. */
  findByIds(workspaceId: string, ids: readonly string[], m?: EntityManager): Promise<ContactEntity[]> {
    const wanted = [...new Set(ids)].filter(isUuid);
    if (!wanted.length) return Promise.resolve([]);
    return (m ? m.getRepository(ContactEntity) : this.contacts).find({ where: { workspaceId, id: In(wanted) } });
  }

  /**
   * The anonymous contacts (no name, e-mail or phone) whose pseudonym (issue #17: "Teal Otter
   * #4F2A") the search query names, with that pseudonym; none when the query does not look like
   * one. A primary-key range scan over the ids of the code, at most PSEUDONYM_CANDIDATES_MAX.
   */
  async findByPseudonym(workspaceId: string, query: string): Promise<Array<{ id: string; name: string }>> {
    const wanted = pseudonymSearch(query);
    const range = wanted && contactIdRangeOfCode(wanted.code);
    if (!wanted || !range) return [];
    const rows: Array<{ id: string; name: string | null; email: string | null; phone: string | null }> = await this.contacts.query(
      `SELECT id, name, email, phone FROM contacts
       WHERE id BETWEEN $2::uuid AND $3::uuid AND workspace_id = $1
         AND coalesce(btrim(name), '') = '' AND coalesce(btrim(email), '') = '' AND coalesce(btrim(phone), '') = ''
       ORDER BY id LIMIT ${PSEUDONYM_CANDIDATES_MAX}`,
      [workspaceId, range[0], range[1]],
    );
    return rows.flatMap((r) => {
      const pseudonym = isAnonymousContact(r) ? visitorPseudonym(r.id) : null;
      if (!pseudonym || (wanted.adjective && (pseudonym.adjective !== wanted.adjective || pseudonym.animal !== wanted.animal))) return [];
      return [{ id: r.id, name: pseudonym.name }];
    });
  }

  /**
   * SPEC C6: gives the contact the channel's tag (when missing) and owner (only when it has none
   * yet, and only while that operator is still active in the workspace). Idempotent.
   */
  async applyAcquisition(m: EntityManager, workspaceId: string, contactId: string, a: ContactAcquisition): Promise<void> {
    if (a.ownerId) {
      await m.query(
        `UPDATE contacts SET owner_id = $3, updated_at = now()
          WHERE id = $1 AND workspace_id = $2 AND owner_id IS NULL
            AND EXISTS (SELECT 1 FROM operators o WHERE o.id = $3 AND o.workspace_id = $2 AND o.active)`,
        [contactId, workspaceId, a.ownerId],
      );
    }
    if (a.tagId) {
      await m.query(
        `INSERT INTO contact_tags (contact_id, tag_id, workspace_id)
         SELECT $1, t.id, $2 FROM tags t WHERE t.id = $3 AND t.workspace_id = $2
         ON CONFLICT DO NOTHING`,
        [contactId, workspaceId, a.tagId],
      );
    }
  }

  /**
   * An operator who may own contacts: exists in the workspace and is active. BAD_USER_INPUT on
   * `field` otherwise (an unknown id, another workspace's operator and a deactivated one alike).
   */
  async ownerCandidate(workspaceId: string, operatorId: unknown, field: string): Promise<OperatorEntity> {
    const fail = (message: string) => badInput(message, { field, fieldErrors: [{ field, message }] });
    if (typeof operatorId !== 'string' || !isUuid(operatorId)) throw fail('Choose an operator of this workspace');
    const [op] = await this.identity.findOperatorsByIds(workspaceId, [operatorId]);
    if (!op) throw fail('Choose an operator of this workspace');
    if (!op.active) throw fail(`${op.displayName} is deactivated; choose an active operator`);
    if (op.role === OperatorRole.observer) throw fail(`${op.displayName} is an observer and handles no chats; choose an agent, supervisor or admin`);
    return op;
  }

  /** Sets or clears the owner; returns the contact (null when it is not in the workspace). */
  async setOwner(workspaceId: string, contactId: string, ownerId: string | null): Promise<ContactEntity | null> {
    if (!isUuid(contactId)) return null;
    await this.contacts.update({ id: contactId, workspaceId }, { ownerId });
    return this.contacts.findOne({ where: { id: contactId, workspaceId } });
  }

  async addTag(workspaceId: string, contactId: string, tagId: string): Promise<void> {
    await this.contacts.query(
      `INSERT INTO contact_tags (contact_id, tag_id, workspace_id)
       SELECT c.id, t.id, c.workspace_id FROM contacts c JOIN tags t ON t.workspace_id = c.workspace_id AND t.id = $3
        WHERE c.id = $1 AND c.workspace_id = $2
       ON CONFLICT DO NOTHING`,
      [contactId, workspaceId, tagId],
    );
  }

  async removeTag(workspaceId: string, contactId: string, tagId: string): Promise<void> {
    await this.contacts.query(`DELETE FROM contact_tags WHERE contact_id = $1 AND tag_id = $2 AND workspace_id = $3`, [contactId, tagId, workspaceId]);
  }

  /** E1: pins or unpins a tag the contact has; false when it does not have it. */
  async pinTag(workspaceId: string, contactId: string, tagId: string, pinned: boolean): Promise<boolean> {
    const [rows] = await this.contacts.query(`UPDATE contact_tags SET pinned = $4 WHERE contact_id = $1 AND tag_id = $2 AND workspace_id = $3 RETURNING 1`, [contactId, tagId, workspaceId, pinned]);
    return Array.isArray(rows) ? rows.length > 0 : false;
  }

  /** Each contact's tags, pinned first, then by name, in one query (the DataLoader of `Contact.tags`). */
  async tagsOf(workspaceId: string, contactIds: readonly string[]): Promise<TagObject[][]> {
    const rows: Array<{ contact_id: string; id: string; name: string; color: string; pinned: boolean }> = await this.contacts.query(
      `SELECT ct.contact_id, t.id, t.name, t.color, ct.pinned FROM contact_tags ct JOIN tags t ON t.id = ct.tag_id
        WHERE ct.contact_id = ANY($1::uuid[]) AND ct.workspace_id = $2 ORDER BY ct.pinned DESC, lower(t.name), t.id`,
      [contactIds, workspaceId],
    );
    const by = new Map<string, TagObject[]>();
    for (const r of rows) (by.get(r.contact_id) ?? by.set(r.contact_id, []).get(r.contact_id))?.push({ id: r.id, name: r.name, color: r.color, pinned: r.pinned });
    return contactIds.map((id) => by.get(id) ?? []);
  }

  // ---- for channels that learn about a contact (web chat pre-chat form, Parley.identify, consent) ----

  /** The contact with this external id (Parley.identify's `externalId`) in the workspace, or null. */
  async findByExternalId(workspaceId: string, externalId: string, m: EntityManager = this.contacts.manager): Promise<ContactProfile | null> {
    const [row] = await m.query(`SELECT id, name, email, phone, external_id FROM contacts WHERE workspace_id = $1 AND external_id = $2 LIMIT 1`, [workspaceId, externalId]);
    return row ? profileOf(row) : null;
  }

  /** The workspace's oldest contact with this e-mail address (compared case-insensitively), or null. */
  async findFirstByEmail(workspaceId: string, email: string, m: EntityManager = this.contacts.manager): Promise<ContactProfile | null> {
    const [row] = await m.query(`SELECT id, name, email, phone, external_id FROM contacts WHERE workspace_id = $1 AND lower(email) = lower($2) ORDER BY created_at LIMIT 1`, [workspaceId, email]);
    return row ? profileOf(row) : null;
  }

  /** Issue #10: the workspace's oldest contact with this phone number (E.164, as channels store it), or null. */
  async findFirstByPhone(workspaceId: string, phone: string, m: EntityManager = this.contacts.manager): Promise<ContactProfile | null> {
    const [row] = await m.query(`SELECT id, name, email, phone, external_id FROM contacts WHERE workspace_id = $1 AND phone = $2 ORDER BY created_at LIMIT 1`, [workspaceId, phone]);
    return row ? profileOf(row) : null;
  }

  /** Fills what the contact lacks from an unverified or secondary source; a value it already has is kept. */
  async fillMissing(m: EntityManager, workspaceId: string, contactId: string, v: ContactValues): Promise<void> {
    await m.query(
      `UPDATE contacts SET name = COALESCE(name, $3), email = COALESCE(email, $4), phone = COALESCE(phone, $5), external_id = COALESCE(external_id, $6), updated_at = now() WHERE id = $1 AND workspace_id = $2`,
      [contactId, workspaceId, v.name ?? null, v.email ?? null, v.phone ?? null, v.externalId ?? null],
    );
  }

  /**
   * Values the site vouched for (a valid Parley.identify hash) win over what the contact had; the
   * external id is set to `v.externalId`, or cleared when it is absent.
   */
  async overwriteVerified(m: EntityManager, workspaceId: string, contactId: string, v: ContactValues): Promise<void> {
    await m.query(`UPDATE contacts SET name = COALESCE($3, name), email = COALESCE($4, email), phone = COALESCE($5, phone), external_id = $6, updated_at = now() WHERE id = $1 AND workspace_id = $2`, [
      contactId,
      workspaceId,
      v.name ?? null,
      v.email ?? null,
      v.phone ?? null,
      v.externalId ?? null,
    ]);
  }

  /** The contact's e-mail and when it confirmed marketing consent (SPEC C8); null when it is not in the workspace. */
  async consentState(m: EntityManager, workspaceId: string, contactId: string): Promise<{ email: string | null; marketingConsentAt: Date | null } | null> {
    const [row] = await m.query(`SELECT email, marketing_consent_at FROM contacts WHERE id = $1 AND workspace_id = $2`, [contactId, workspaceId]);
    return row ? { email: row.email ?? null, marketingConsentAt: row.marketing_consent_at ?? null } : null;
  }

  /** SPEC C8: the contact confirmed marketing consent (the double opt-in link) now. */
  async markMarketingConsent(m: EntityManager, contactId: string): Promise<void> {
    await m.query(`UPDATE contacts SET marketing_consent_at = now(), updated_at = now() WHERE id = $1`, [contactId]);
  }

  /** Each contact's offline-form details and consent time (null for one not in the workspace), in one query (a DataLoader's batch). */
  async mailFieldsOf(workspaceId: string, contactIds: readonly string[]): Promise<Array<ContactMailFields | null>> {
    const rows: Array<{ id: string; form_details: Record<string, string> | null; marketing_consent_at: Date | null }> = await this.contacts.query(
      `SELECT id, form_details, marketing_consent_at FROM contacts WHERE workspace_id = $1 AND id = ANY($2::uuid[])`,
      [workspaceId, contactIds],
    );
    const byId = new Map(rows.map((r) => [r.id, r]));
    return contactIds.map((id) => {
      const r = byId.get(id);
      return r ? { formDetails: r.form_details, marketingConsentAt: r.marketing_consent_at } : null;
    });
  }
}

/** What a channel may learn about a contact (all optional). */
export interface ContactValues {
  name?: string | null;
  email?: string | null;
  phone?: string | null;
  externalId?: string | null;
}

/** A contact's identifying values. */
export interface ContactProfile {
  id: string;
  name: string | null;
  email: string | null;
  phone: string | null;
  externalId: string | null;
}

/** What the offline form stored on a contact (SPEC C7/C8). */
export interface ContactMailFields {
  formDetails: Record<string, string> | null;
  marketingConsentAt: Date | null;
}

const profileOf = (r: { id: string; name: string | null; email: string | null; phone: string | null; external_id: string | null }): ContactProfile => ({
  id: r.id,
  name: r.name,
  email: r.email,
  phone: r.phone,
  externalId: r.external_id,
});
