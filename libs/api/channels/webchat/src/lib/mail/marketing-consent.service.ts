import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ContactsService } from '@parley/api/contacts';
import { AppConfig } from '@parley/api/platform/config';
import { escapeHtml, MailService } from '@parley/api/platform/mail';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';

/** A confirmation link works this long. */
export const CONSENT_TTL_MS = 7 * 86_400_000;

export type ConsentOutcome = 'confirmed' | 'already' | 'expired' | 'invalid';

/**
 * SPEC C8: double opt-in. Ticking the consent box stores a request and e-mails a single-use link
 * signed with the server secret; the contact counts as consented (with the time) only once the
 * link is opened.
 */
@Injectable()
export class MarketingConsentService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly mail: MailService,
    private readonly config: AppConfig,
    private readonly contacts: ContactsService,
  ) {}

  /** Stores the request and the confirmation e-mail's outbox row (inside the caller's transaction when given: both or neither). */
  async request(p: { workspaceId: string; contactId: string; channelId: string; email: string; companyName: string }, m?: EntityManager): Promise<void> {
    const rows = await (m ?? this.db.manager).query(
      `INSERT INTO marketing_consents (workspace_id, contact_id, channel_id, email, expires_at) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [p.workspaceId, p.contactId, p.channelId, p.email, new Date(Date.now() + CONSENT_TTL_MS)],
    );
    const id = rows[0].id as string;
    const link = `${this.baseUrl()}/consent/confirm?token=${encodeURIComponent(this.sign(id))}`;
    const text = `Please confirm that ${p.companyName} may send you marketing e-mails at ${p.email}:\n${link}\n\nThe link works once and expires in 7 days. If you did not ask for this, ignore this e-mail and nothing will change.`;
    const html = `<p>Please confirm that ${escapeHtml(p.companyName)} may send you marketing e-mails at ${escapeHtml(p.email)}.</p><p><a href="${escapeHtml(link)}">Confirm my consent</a></p><p>The link works once and expires in 7 days. If you did not ask for this, ignore this e-mail and nothing will change.</p>`;
    await this.mail.enqueue({ to: p.email, subject: `Confirm your subscription to ${p.companyName}`, text, html }, { jobId: `consent-${id}`, manager: m, workspaceId: p.workspaceId, automatic: true });
  }

  /** Opens the link: marks the contact consented once; later uses, old links and forged ones are told apart. */
  async confirm(token: unknown): Promise<ConsentOutcome> {
    const id = this.verify(token);
    if (!id) return 'invalid';
    return this.db.transaction(async (m) => {
      const rows = await m.query(`SELECT contact_id, confirmed_at, expires_at FROM marketing_consents WHERE id = $1 FOR UPDATE`, [id]);
      const row = rows[0];
      if (!row) return 'invalid';
      if (row.confirmed_at) return 'already';
      if (new Date(row.expires_at).getTime() <= Date.now()) return 'expired';
      await m.query(`UPDATE marketing_consents SET confirmed_at = now() WHERE id = $1`, [id]);
      await this.contacts.markMarketingConsent(m, row.contact_id);
      return 'confirmed';
    });
  }

  private baseUrl(): string {
    return (this.config.publicUrl ?? `http://localhost:${this.config.port}`).replace(/\/+$/, '');
  }

  private mac(id: string): string {
    return createHmac('sha256', this.config.jwtSecret).update(`marketing-consent:${id}`).digest('base64url');
  }

  private sign(id: string): string {
    return `${id}.${this.mac(id)}`;
  }

  private verify(token: unknown): string | null {
    if (typeof token !== 'string' || token.length > 200) return null;
    const [id, mac] = token.split('.');
    if (!id || !mac || !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) return null;
    const expected = Buffer.from(this.mac(id));
    const given = Buffer.from(mac);
    return expected.length === given.length && timingSafeEqual(expected, given) ? id : null;
  }
}
