import { Injectable } from '@nestjs/common';
import { AppConfig } from '@parley/api/platform/config';
import { ATTACHMENT_UPLOAD_PATH } from '@parley/shared/contracts';
import { createHmac, timingSafeEqual } from 'node:crypto';

/** Signed download links live between one and two hours (rounded, so the same link repeats and caches). */
export const SIGNED_URL_STEP_SECONDS = 3600;

/**
 * Who a signed link was made for:
 * - `c:<conversationId>`: the visitor of that conversation (any of its attachments);
 * - `o:<operatorId>`: an operator (visibility is checked again at download);
 * - `v:<visitorId>`: the visitor who uploaded the file (its preview before it is sent).
 */
export type DownloadSubject = `c:${string}` | `o:${string}` | `v:${string}`;

export const attachmentPath = (id: string) => `${ATTACHMENT_UPLOAD_PATH}/${id}`;

/**
 * Short-lived download links: `<path>?sub=…&exp=…&sig=…`, an HMAC over id, subject and expiry with
 * a key derived from JWT_SECRET. `<img>` and `<a>` cannot send a header, so links carry their
 * proof; visitor tokens and access tokens never appear in a URL.
 */
@Injectable()
export class AttachmentSigner {
  private readonly key: Buffer;

  constructor(config: AppConfig) {
    this.key = createHmac('sha256', config.jwtSecret).update('parley:attachment-links').digest();
  }

  url(attachmentId: string, subject: DownloadSubject): string {
    const exp = (Math.floor(this.now() / 1000 / SIGNED_URL_STEP_SECONDS) + 2) * SIGNED_URL_STEP_SECONDS;
    const sub = encodeURIComponent(subject);
    return `${attachmentPath(attachmentId)}?sub=${sub}&exp=${exp}&sig=${this.sign(attachmentId, subject, exp)}`;
  }

  /** The subject when the signature is right and not expired; null otherwise. */
  verify(attachmentId: string, sub: unknown, exp: unknown, sig: unknown): DownloadSubject | null {
    if (typeof sub !== 'string' || typeof exp !== 'string' || typeof sig !== 'string') return null;
    if (!/^[cov]:[0-9a-f-]{36}$/i.test(sub) || !/^\d{1,12}$/.test(exp)) return null;
    const expires = Number(exp);
    if (expires * 1000 < this.now()) return null;
    const expected = Buffer.from(this.sign(attachmentId, sub, expires));
    const given = Buffer.from(sig);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
    return sub as DownloadSubject;
  }

  /** Overridable in tests. */
  protected now(): number {
    return Date.now();
  }

  private sign(id: string, subject: string, exp: number): string {
    return createHmac('sha256', this.key).update(`${id}|${subject}|${exp}`).digest('base64url');
  }
}
