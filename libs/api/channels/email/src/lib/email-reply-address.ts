import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** RFC 5321 4.5.3.1.1: a local part is at most 64 octets; a longer reply address is not made (header threading still works). */
const MAX_LOCAL_PART = 64;
/** The token: `c` + the conversation id and 8 bytes of the HMAC, 24 bytes in base 36 (lower case: survives servers that fold case). */
const TOKEN_CHARS = 38;
const TAG = new RegExp(`^c([0-9a-z]{${TOKEN_CHARS}})$`);

const toBase36 = (bytes: Buffer): string => BigInt(`0x${bytes.toString('hex')}`).toString(36).padStart(TOKEN_CHARS, '0');

function fromBase36(s: string, length: number): Buffer | null {
  let n = 0n;
  for (const ch of s) {
    const d = parseInt(ch, 36);
    if (Number.isNaN(d)) return null;
    n = n * 36n + BigInt(d);
  }
  const hex = n.toString(16);
  if (hex.length > length * 2) return null;
  return Buffer.from(hex.padStart(length * 2, '0'), 'hex');
}

/** The uuid of 32 hex digits, dashed. */
const dashed = (hex: string) => `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;

/** What a reply-address token says, before its MAC is checked against a channel. */
export interface ReplyToken {
  conversationId: string;
  mac: Buffer;
}

/**
 * Issue #10, SPEC A2: the reply address of an outbound mail names its conversation —
 * `support+c<token>@shop.test` (plus-addressing on the channel's own address), or
 * `c<token>@<INBOUND_MAIL_DOMAIN>` for a forwarding channel, served by Parley's listener — where the
 * token is the conversation id with an HMAC bound to the channel, under a key derived from
 * CHANNEL_SECRETS_KEY. A client's answer then threads even when their mail program dropped
 * In-Reply-To and References, and nobody can write into a conversation by guessing or forging an
 * address: a token whose MAC does not match is ignored.
 */
export class EmailReplyAddress {
  private readonly key: Buffer;

  constructor(secret: string) {
    this.key = createHash('sha256').update(`parley email reply address\0${secret}`).digest();
  }

  private mac(channelId: string, conversationHex: string): Buffer {
    return createHmac('sha256', this.key).update(`${channelId.toLowerCase()}\0${conversationHex}`).digest().subarray(0, 8);
  }

  /**
   * The reply address of a conversation: on `base` (`local@domain`: `local+c<token>@domain`, or
   * `@domain`: `c<token>@domain`), or null when it would be too long or the id is not a uuid.
   */
  make(base: string, channelId: string, conversationId: string): string | null {
    const at = base.lastIndexOf('@');
    if (at < 0) return null;
    const hex = conversationId.replace(/-/g, '').toLowerCase();
    if (!/^[0-9a-f]{32}$/.test(hex)) return null;
    const tag = `c${toBase36(Buffer.concat([Buffer.from(hex, 'hex'), this.mac(channelId, hex)]))}`;
    // an address that carries a tag already keeps only its own local part
    const local = base.slice(0, at).split('+')[0];
    const tagged = local ? `${local}+${tag}` : tag;
    if (tagged.length > MAX_LOCAL_PART) return null;
    return `${tagged}@${base.slice(at + 1)}`;
  }

  /** The token of an address's local part (`local+c…` or `c…`), unchecked; null when it has none. */
  tokenOf(localPart: string): ReplyToken | null {
    const plus = localPart.indexOf('+');
    const m = TAG.exec((plus >= 0 ? localPart.slice(plus + 1) : localPart).toLowerCase());
    const bytes = m ? fromBase36(m[1], 24) : null;
    if (!bytes) return null;
    return { conversationId: dashed(bytes.subarray(0, 16).toString('hex')), mac: bytes.subarray(16) };
  }

  /** Whether a token was made for this channel (constant-time MAC comparison). */
  valid(token: ReplyToken, channelId: string): boolean {
    const expected = this.mac(channelId, token.conversationId.replace(/-/g, ''));
    return expected.length === token.mac.length && timingSafeEqual(expected, token.mac);
  }

  /**
   * The conversation the first validly signed reply address among `addresses` names (To, CC,
   * Delivered-To, the envelope), for this channel and its base address; null when none does.
   */
  read(addresses: Iterable<string>, base: string, channelId: string): string | null {
    const at = base.lastIndexOf('@');
    if (at < 0) return null;
    const local = base.slice(0, at).split('+')[0].toLowerCase();
    const domain = base.slice(at + 1).toLowerCase();
    for (const raw of addresses) {
      if (typeof raw !== 'string' || raw.length > 320) continue;
      const a = raw.trim().toLowerCase();
      const i = a.lastIndexOf('@');
      if (i < 1 || a.slice(i + 1) !== domain) continue;
      const l = a.slice(0, i);
      // on the channel's own address only its plus-tags count; on Parley's domain the token, bare or as a plus-tag
      if (local && !l.startsWith(`${local}+`)) continue;
      const token = this.tokenOf(l);
      if (token && this.valid(token, channelId)) return token.conversationId;
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
