import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** RFC 5321 4.5.3.1.1: a local part is at most 64 octets; a longer reply address is not made (header threading still works). */
const MAX_LOCAL_PART = 64;
/** `+c<conversation id as 32 hex><16 hex of the HMAC>` after the local part. */
const TAG = /^c([0-9a-f]{32})([0-9a-f]{16})$/;

/** The uuid of 32 hex digits, dashed. */
const dashed = (hex: string) => `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;

/**
 * Issue #10, SPEC A2: the reply address of an outbound mail names its conversation —
 * `support+c<conversation><mac>@shop.test` (plus-addressing on the channel's address, or on its
 * forwarding address) — signed with an HMAC under a key derived from CHANNEL_SECRETS_KEY and bound
 * to the channel, so a client's answer threads even when their mail program dropped In-Reply-To and
 * References, and nobody can write into a conversation by guessing or forging an address: a tag
 * whose MAC does not match is ignored (the mail is threaded as if it had none).
 */
export class EmailReplyAddress {
  private readonly key: Buffer;

  constructor(secret: string) {
    this.key = createHash('sha256').update(`parley email reply address\0${secret}`).digest();
  }

  private mac(channelId: string, conversationHex: string): string {
    return createHmac('sha256', this.key).update(`${channelId.toLowerCase()}\0${conversationHex}`).digest('hex').slice(0, 16);
  }

  /** The reply address of a conversation on `base` (`local@domain`), or null when it would be too long or the ids are not uuids. */
  make(base: string, channelId: string, conversationId: string): string | null {
    const at = base.lastIndexOf('@');
    if (at < 1) return null;
    const hex = conversationId.replace(/-/g, '').toLowerCase();
    if (!/^[0-9a-f]{32}$/.test(hex)) return null;
    // an address that carries a tag already keeps only its own local part
    const local = base.slice(0, at).split('+')[0];
    const tagged = `${local}+c${hex}${this.mac(channelId, hex)}`;
    if (tagged.length > MAX_LOCAL_PART) return null;
    return `${tagged}@${base.slice(at + 1)}`;
  }

  /**
   * The conversation the first validly signed reply address among `addresses` names (To, CC,
   * Delivered-To, the envelope), for this channel and this base address; null when none does.
   */
  read(addresses: Iterable<string>, base: string, channelId: string): string | null {
    const at = base.lastIndexOf('@');
    if (at < 1) return null;
    const local = base.slice(0, at).split('+')[0].toLowerCase();
    const domain = base.slice(at + 1).toLowerCase();
    for (const raw of addresses) {
      if (typeof raw !== 'string' || raw.length > 320) continue;
      const a = raw.trim().toLowerCase();
      const i = a.lastIndexOf('@');
      if (i < 1 || a.slice(i + 1) !== domain) continue;
      const [l, tag] = a.slice(0, i).split('+', 2);
      if (l !== local || !tag) continue;
      const m = TAG.exec(tag);
      if (!m) continue;
      const expected = Buffer.from(this.mac(channelId, m[1]), 'utf8');
      const given = Buffer.from(m[2], 'utf8');
      if (expected.length === given.length && timingSafeEqual(expected, given)) return dashed(m[1]);
    }
    return null;
  }
}

/** `local+tag@domain` → `local@domain` (the address a plus-addressed one is delivered to). */
export function withoutPlusTag(address: string): string {
  const at = address.lastIndexOf('@');
  if (at < 1) return address;
  return `${address.slice(0, at).split('+')[0]}${address.slice(at)}`;
}
