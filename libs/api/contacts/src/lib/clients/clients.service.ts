import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditService, ClientAuditAction } from '@parley/api/platform/audit';
import { AuthUser } from '@parley/api/platform/auth';
import { badInput, isUuid, notFound } from '@parley/api/platform/graphql';
import {
  ADDRESS_PARTS,
  ADDRESS_PARTS_BEFORE_SPLIT,
  AddressPart,
  CLIENT_ADDRESS_MAX_LENGTH,
  CLIENT_ADDRESS_PART_MAX_LENGTH,
  CLIENT_CHANNEL_VALUES_MAX,
  CLIENT_NAME_PART_MAX_LENGTH,
  composeAddress,
  composeClientName,
} from '@parley/shared/contracts';
import { DataSource, EntityManager } from 'typeorm';
import { ContactEntity } from '../contact.entity';
import { ContactAddressObject, ContactEmailObject, ContactObject, ContactPhoneObject } from '../contact.object';
import { ClientValueKind, normalizeClientValue, optionalText } from './client-values';

/** At most this many clients are offered as matches of a typed phone or e-mail. */
export const CLIENT_MATCHES_MAX = 10;

const TABLE: Record<ClientValueKind, { table: string; column: string; label: string }> = {
  phone: { table: 'contact_phones', column: 'phone', label: 'phone number' },
  email: { table: 'contact_emails', column: 'email', label: 'e-mail address' },
};

/** contacts columns of the address parts (ADDRESS_PARTS names, camelCase → snake_case). */
const PART_COLUMN: Record<AddressPart, string> = Object.fromEntries(ADDRESS_PARTS.map((p) => [p, p.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)])) as Record<AddressPart, string>;

export interface NameChange {
  firstName?: string | null;
  lastName?: string | null;
  middleName?: string | null;
}

export type AddressChange = { line?: string | null; split?: boolean | null } & Partial<Record<AddressPart, string | null>>;

/** A write's outcome: the client now, and whether anything changed (the same value again changes nothing). */
export interface ClientWrite {
  contact: ContactEntity;
  changed: boolean;
}

/** Who makes a change, for the audit log. */
type Actor = Pick<AuthUser, 'workspaceId' | 'operatorId'> & { displayName?: string | null };

/**
 * Issue #11 (E2): the client card — name parts, every phone and e-mail (one primary each), the
 * address. Writes run in one transaction with the client row locked and an audit entry; the
 * caller publishes the change once it is committed. contacts.phone / contacts.email are the
 * primary values (the migration's trigger keeps contact_phones / contact_emails in step), so
 * every existing reader of them keeps working.
 */
@Injectable()
export class ClientsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
  ) {}

  /** The client in the workspace, or NOT_FOUND (a malformed id too). */
  async get(workspaceId: string, contactId: string, m: EntityManager = this.db.manager): Promise<ContactEntity> {
    if (!isUuid(contactId)) throw notFound('Contact');
    const row = await m.getRepository(ContactEntity).findOne({ where: { id: contactId, workspaceId } });
    if (!row) throw notFound('Contact');
    return row;
  }

  /** Each client's phones or e-mails, primary first then oldest first, in one query (a DataLoader's batch). */
  async valuesOf(kind: ClientValueKind, workspaceId: string, contactIds: readonly string[]): Promise<Array<Array<ContactPhoneObject | ContactEmailObject>>> {
    const rows: Array<{ id: string; contact_id: string; value: string; is_primary: boolean }> = await this.db.query(
      `SELECT id, contact_id, value, is_primary FROM ${TABLE[kind].table}
        WHERE contact_id = ANY($1::uuid[]) AND workspace_id = $2 ORDER BY contact_id, is_primary DESC, created_at, id`,
      [contactIds, workspaceId],
    );
    const by = new Map<string, Array<ContactPhoneObject | ContactEmailObject>>();
    for (const r of rows) (by.get(r.contact_id) ?? by.set(r.contact_id, []).get(r.contact_id))?.push({ id: r.id, value: r.value, primary: r.is_primary });
    return contactIds.map((id) => by.get(id) ?? []);
  }

  /**
   * Clients that have this phone or e-mail (normalised as stored), oldest first; an index look-up.
   * A value still being typed (not yet a valid number or address) matches nothing.
   */
  async matches(workspaceId: string, q: { phone?: string | null; email?: string | null; country?: string | null; exceptContactId?: string | null }): Promise<ContactEntity[]> {
    const wanted: Array<[ClientValueKind, string]> = [];
    if (!q.phone && !q.email) throw badInput('Give a phone or an e-mail to match', { field: 'phone' });
    for (const kind of ['phone', 'email'] as const) {
      const raw = q[kind];
      if (!raw) continue;
      if (raw.length > 320) throw badInput(`The ${TABLE[kind].label} is too long`, { field: kind });
      try {
        wanted.push([kind, normalizeClientValue(kind, raw, kind === 'phone' ? q.country : null)]);
      } catch (e) {
        // an unknown country is the caller's mistake; an incomplete value is just not a match yet
        if ((e as { details?: { field?: string } }).details?.field === 'country') throw e;
      }
    }
    if (!wanted.length) return [];
    const except = q.exceptContactId && isUuid(q.exceptContactId) ? q.exceptContactId : null;
    const ids: Array<{ contact_id: string }> = await this.db.query(
      wanted
        .map(([kind], i) => `(SELECT contact_id FROM ${TABLE[kind].table} WHERE workspace_id = $1 AND value = $${i + 3} LIMIT ${CLIENT_MATCHES_MAX + 1})`)
        .join(' UNION ') + ` EXCEPT SELECT $2::uuid`,
      [workspaceId, except, ...wanted.map(([, v]) => v)],
    );
    if (!ids.length) return [];
    const found = await this.db.getRepository(ContactEntity).createQueryBuilder('c')
      .where('c.workspace_id = :ws AND c.id IN (:...ids)', { ws: workspaceId, ids: ids.map((r) => r.contact_id) })
      .orderBy('c.created_at', 'ASC').addOrderBy('c.id', 'ASC').limit(CLIENT_MATCHES_MAX).getMany();
    return found;
  }

  // ---- writes (the caller checks the right, then publishes after the commit) ----

  async setName(actor: Actor, contactId: string, change: NameChange): Promise<ClientWrite> {
    return this.write(actor, contactId, async (m, c) => {
      const next = {
        firstName: change.firstName !== undefined ? optionalText(change.firstName, 'firstName', CLIENT_NAME_PART_MAX_LENGTH, 'First name') : (c.firstName ?? null),
        lastName: change.lastName !== undefined ? optionalText(change.lastName, 'lastName', CLIENT_NAME_PART_MAX_LENGTH, 'Last name') : (c.lastName ?? null),
        middleName: change.middleName !== undefined ? optionalText(change.middleName, 'middleName', CLIENT_NAME_PART_MAX_LENGTH, 'Middle name') : (c.middleName ?? null),
      };
      const composed = composeClientName(next.firstName, next.middleName, next.lastName);
      // all parts cleared: the name a channel learnt stays only when the parts never composed it
      const hadParts = !!composeClientName(c.firstName, c.middleName, c.lastName);
      const name = composed ?? (hadParts ? null : c.name);
      await m.query(`UPDATE contacts SET first_name = $3, last_name = $4, middle_name = $5, name = $6, updated_at = now() WHERE id = $1 AND workspace_id = $2`, [
        c.id, c.workspaceId, next.firstName, next.lastName, next.middleName, name,
      ]);
      return { field: 'name', op: 'set', value: { ...next, name } };
    });
  }

  /** Adds a phone or e-mail; it becomes the primary one when asked or when the client has none. */
  async addValue(actor: Actor, kind: ClientValueKind, contactId: string, raw: unknown, opts: { country?: string | null; primary?: boolean | null } = {}): Promise<ClientWrite> {
    const value = normalizeClientValue(kind, raw, opts.country, kind);
    const { table, column, label } = TABLE[kind];
    return this.write(actor, contactId, async (m, c) => {
      const rows: Array<{ value: string; is_primary: boolean }> = await m.query(`SELECT value, is_primary FROM ${table} WHERE contact_id = $1`, [c.id]);
      if (rows.some((r) => r.value === value)) throw badInput(`This client already has the ${label} ${value}`, { field: kind, fieldErrors: [{ field: kind, message: `Already on this client` }] });
      if (rows.length >= CLIENT_CHANNEL_VALUES_MAX) throw badInput(`A client has at most ${CLIENT_CHANNEL_VALUES_MAX} of them; remove one first`, { field: kind });
      await m.query(`INSERT INTO ${table} (workspace_id, contact_id, value, is_primary) VALUES ($1, $2, $3, false)`, [c.workspaceId, c.id, value]);
      if (opts.primary || !rows.some((r) => r.is_primary)) await this.setPrimaryColumn(m, c, column, value);
      return { field: kind, op: 'add', value };
    });
  }

  /** Replaces one phone or e-mail (the inline edit); a primary one stays primary. */
  async replaceValue(actor: Actor, kind: ClientValueKind, contactId: string, valueId: string, raw: unknown, country?: string | null): Promise<ClientWrite> {
    const value = normalizeClientValue(kind, raw, country, kind);
    const { table, column, label } = TABLE[kind];
    return this.write(actor, contactId, async (m, c) => {
      const row = await this.valueRow(m, table, c.id, valueId, label);
      if (row.value === value) return null;
      const [taken] = await m.query(`SELECT 1 FROM ${table} WHERE contact_id = $1 AND value = $2`, [c.id, value]);
      if (taken) throw badInput(`This client already has the ${label} ${value}`, { field: kind, fieldErrors: [{ field: kind, message: `Already on this client` }] });
      await m.query(`UPDATE ${table} SET value = $2 WHERE id = $1`, [row.id, value]);
      if (row.is_primary) await this.setPrimaryColumn(m, c, column, value);
      return { field: kind, op: 'replace', value, before: row.value };
    });
  }

  /** Removes one phone or e-mail; when it was the primary one, the oldest other becomes primary. */
  async removeValue(actor: Actor, kind: ClientValueKind, contactId: string, valueId: string): Promise<ClientWrite> {
    const { table, column, label } = TABLE[kind];
    return this.write(actor, contactId, async (m, c) => {
      const row = await this.valueRow(m, table, c.id, valueId, label);
      await m.query(`DELETE FROM ${table} WHERE id = $1`, [row.id]);
      if (row.is_primary) {
        const [next] = await m.query(`SELECT value FROM ${table} WHERE contact_id = $1 ORDER BY created_at, id LIMIT 1`, [c.id]);
        await this.setPrimaryColumn(m, c, column, next?.value ?? null);
      }
      return { field: kind, op: 'remove', value: row.value };
    });
  }

  async makePrimary(actor: Actor, kind: ClientValueKind, contactId: string, valueId: string): Promise<ClientWrite> {
    const { table, column, label } = TABLE[kind];
    return this.write(actor, contactId, async (m, c) => {
      const row = await this.valueRow(m, table, c.id, valueId, label);
      if (row.is_primary) return null;
      await this.setPrimaryColumn(m, c, column, row.value);
      return { field: kind, op: 'primary', value: row.value };
    });
  }

  /**
   * The address (E2 and the seed's rule). Omitted fields stay; null or '' clears. Not split: the
   * line is free text and postal code, city, country, region, metro are separate fields that do
   * not change it. Split: every part is linked and the line is composed from them (giving `line`
   * then is refused). Unsplitting keeps the composed line as free text.
   */
  async setAddress(actor: Actor, contactId: string, change: AddressChange): Promise<ClientWrite> {
    return this.write(actor, contactId, async (m, c) => {
      const split = change.split === undefined || change.split === null ? !!c.addressSplit : change.split;
      const parts = {} as Record<AddressPart, string | null>;
      for (const p of ADDRESS_PARTS) {
        parts[p] = change[p] !== undefined ? optionalText(change[p], p, CLIENT_ADDRESS_PART_MAX_LENGTH, capitalise(label(p))) : ((c as unknown as Record<string, string | null>)[p] ?? null);
      }
      if (!split) {
        const early = ADDRESS_PARTS.filter((p) => change[p] !== undefined && change[p] !== null && change[p] !== '' && !ADDRESS_PARTS_BEFORE_SPLIT_SET.has(p));
        if (early.length) throw badInput(`Split the address to fill ${label(early[0])}`, { field: early[0], fieldErrors: early.map((f) => ({ field: f, message: 'Split the address first' })) });
      }
      if (split && change.line !== undefined && change.line !== null) {
        throw badInput('The address is split into fields: edit the fields, or join it back into one line first', { field: 'line', fieldErrors: [{ field: 'line', message: 'The address is split into fields' }] });
      }
      const line = split ? composeAddress(parts) : change.line !== undefined ? optionalText(change.line, 'line', CLIENT_ADDRESS_MAX_LENGTH, 'Address') : (c.address ?? null);
      if (line && line.length > CLIENT_ADDRESS_MAX_LENGTH) throw badInput(`The address is longer than ${CLIENT_ADDRESS_MAX_LENGTH} characters`, { field: 'line' });
      const cols = ADDRESS_PARTS.map((p, i) => `${PART_COLUMN[p]} = $${i + 5}`).join(', ');
      await m.query(`UPDATE contacts SET address = $3, address_split = $4, ${cols}, updated_at = now() WHERE id = $1 AND workspace_id = $2`, [
        c.id, c.workspaceId, line, split, ...ADDRESS_PARTS.map((p) => parts[p]),
      ]);
      return { field: 'address', op: 'set', value: { line, split, ...parts } };
    });
  }

  /** The address of a client row as GraphQL shows it. */
  static addressOf(c: ContactObject): ContactAddressObject {
    const out = { line: c.address ?? null, split: !!c.addressSplit } as ContactAddressObject;
    for (const p of ADDRESS_PARTS) (out as unknown as Record<string, string | null>)[p] = (c as unknown as Record<string, string | null | undefined>)[p] ?? null;
    return out;
  }

  /**
   * Locks the client, runs `change` (which returns what to audit, or null for "nothing changed")
   * and records it, all in one transaction; returns the client as it is now.
   */
  private async write(actor: Actor, contactId: string, change: (m: EntityManager, c: ContactEntity) => Promise<Record<string, unknown> | null>): Promise<ClientWrite> {
    return this.db.transaction(async (m) => {
      if (!isUuid(contactId)) throw notFound('Contact');
      const locked = await m.getRepository(ContactEntity).createQueryBuilder('c').setLock('pessimistic_write')
        .where('c.id = :id AND c.workspace_id = :ws', { id: contactId, ws: actor.workspaceId }).getOne();
      if (!locked) throw notFound('Contact');
      const details = await change(m, locked);
      if (details) {
        await this.audit.record(
          { workspaceId: actor.workspaceId, actorId: actor.operatorId, actorName: actor.displayName ?? null, action: ClientAuditAction.contactChanged, targetType: 'contact', targetId: locked.id, details },
          m,
        );
      }
      return { contact: await this.get(actor.workspaceId, locked.id, m), changed: !!details };
    });
  }

  private async valueRow(m: EntityManager, table: string, contactId: string, valueId: string, label: string): Promise<{ id: string; value: string; is_primary: boolean }> {
    if (!isUuid(valueId)) throw notFound(capitalise(label));
    const [row] = await m.query(`SELECT id, value, is_primary FROM ${table} WHERE id = $1 AND contact_id = $2`, [valueId, contactId]);
    if (!row) throw notFound(capitalise(label));
    return row;
  }

  /** contacts.phone / contacts.email = the primary value; the trigger moves the primary flag. */
  private async setPrimaryColumn(m: EntityManager, c: ContactEntity, column: string, value: string | null): Promise<void> {
    await m.query(`UPDATE contacts SET ${column} = $3, updated_at = now() WHERE id = $1 AND workspace_id = $2`, [c.id, c.workspaceId, value]);
  }
}

const ADDRESS_PARTS_BEFORE_SPLIT_SET = new Set<AddressPart>(ADDRESS_PARTS_BEFORE_SPLIT);

const LABELS: Record<AddressPart, string> = {
  postalCode: 'the postal code', country: 'the country', region: 'the region', city: 'the city', metro: 'the metro station', street: 'the street',
  house: 'the house', building: 'the building', block: 'the block', entrance: 'the entrance', floor: 'the floor', flat: 'the flat',
};
const label = (p: AddressPart) => LABELS[p];
const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
