import { h } from './dom';

const URL_IN_TEXT = /\bhttps?:\/\/[^\s<>"'`]+/gi;
/** Punctuation that ends a sentence rather than the address ("Pay here: https://…/pay/x."). */
const TRAILING = /[.,;:!?)\]}]+$/;

/**
 * Issue #12 (E5): a message's text with its web addresses as links (a payment link the operator
 * sent opens in a new tab). Only http(s) addresses that parse become links — never javascript:,
 * data: or anything else; the rest stays text nodes (nothing is parsed as HTML).
 */
export function linkify(text: string): Array<Node | string> {
  const out: Array<Node | string> = [];
  let last = 0;
  for (const m of text.matchAll(URL_IN_TEXT)) {
    const start = m.index ?? 0;
    const raw = m[0].replace(TRAILING, '');
    let href: string | null = null;
    try {
      const u = new URL(raw);
      if (u.protocol === 'http:' || u.protocol === 'https:') href = u.href;
    } catch {
      href = null;
    }
    if (!href) continue;
    if (start > last) out.push(text.slice(last, start));
    out.push(h('a', { href, target: '_blank', rel: 'noopener noreferrer nofollow', class: 'msg-link', 'data-testid': 'parley-message-link' }, raw));
    last = start + raw.length;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}
