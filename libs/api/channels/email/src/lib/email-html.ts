import sanitizeHtml from 'sanitize-html';

/** The longest inbound HTML handed to the sanitiser (larger ones keep their text only: sanitising megabytes blocks the poller). */
export const MAX_SANITISED_HTML_INPUT = 2 * 1024 * 1024;

const INLINE_IMAGE = /^data:image\/(png|jpe?g|gif|webp);base64,[a-z0-9+/=\s]+$/i;

/**
 * An inbound mail's HTML made safe to show in the inbox (sanitize-html):
 * - no scripts, styles (`<style>` and `style=`), forms, frames, objects or event handlers (only the
 *   listed tags and attributes survive);
 * - links only to http(s) and mailto, opened in a new tab without a referrer;
 * - images: `cid:` (the mail's own inline parts) and small `data:` images stay; a remote image is
 *   NOT loaded: its URL moves to `data-remote-src` (the `src` is dropped), because loading it tells
 *   the sender (tracking pixels) when and from where an operator read the mail. The web can offer
 *   "show images" by putting it back for an https URL.
 */
export function sanitiseEmailHtml(html: string): string {
  if (typeof html !== 'string' || !html) return '';
  return sanitizeHtml(html.slice(0, MAX_SANITISED_HTML_INPUT), {
    allowedTags: [
      'a', 'abbr', 'b', 'blockquote', 'br', 'caption', 'center', 'code', 'col', 'colgroup', 'dd', 'del', 'div', 'dl', 'dt', 'em', 'font', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'hr', 'i', 'img', 'ins', 'li', 'mark', 'ol', 'p', 'pre', 'q', 's', 'small', 'span', 'strike', 'strong', 'sub', 'sup', 'table', 'tbody', 'td', 'tfoot', 'th', 'thead', 'tr', 'u', 'ul',
    ],
    allowedAttributes: {
      a: ['href', 'title', 'target', 'rel'],
      img: ['src', 'alt', 'title', 'width', 'height', 'data-remote-src'],
      td: ['colspan', 'rowspan', 'align', 'valign', 'width'],
      th: ['colspan', 'rowspan', 'align', 'valign', 'width'],
      table: ['width', 'align', 'border', 'cellpadding', 'cellspacing'],
      col: ['span', 'width'],
      '*': ['dir', 'lang'],
    },
    allowedSchemes: ['http', 'https', 'mailto'],
    allowedSchemesByTag: { img: ['cid', 'data'] },
    allowProtocolRelative: false,
    // the content of these goes too, not only the tags
    nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'title', 'head', 'template', 'iframe', 'object', 'svg', 'math'],
    disallowedTagsMode: 'discard',
    transformTags: {
      a: (tagName, attribs) => ({ tagName, attribs: { ...attribs, target: '_blank', rel: 'noopener noreferrer nofollow' } }),
      img: (tagName, attribs) => {
        const src = (attribs['src'] ?? '').trim();
        const out: Record<string, string> = {};
        for (const k of ['alt', 'title', 'width', 'height']) if (attribs[k] !== undefined) out[k] = attribs[k];
        if (/^cid:/i.test(src) || (INLINE_IMAGE.test(src) && src.length <= 200_000)) out['src'] = src;
        else if (/^https?:\/\//i.test(src)) out['data-remote-src'] = src;
        return { tagName, attribs: out };
      },
    },
  }).trim();
}

/** The text of (sanitised) HTML: blocks and line breaks as new lines, no tags, entities decoded, no link targets or image URLs. */
export function htmlToPlainText(html: string): string {
  const marked = (html ?? '')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|div|h[1-6]|li|tr|blockquote|pre|table|ul|ol|dl|dd|dt|center)\s*>/gi, (m) => `${m}\n`)
    .replace(/<(p|div|h[1-6]|blockquote|pre|table|ul|ol)(\s[^>]*)?>/gi, (m) => `\n${m}`);
  const text = sanitizeHtml(marked, { allowedTags: [], allowedAttributes: {}, nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'title', 'head'] })
    .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&nbsp;/g, ' ').replace(/&amp;/g, '&');
  return text
    .split('\n')
    .map((l) => l.replace(/[ \t\u00a0]+/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** Plain text as a minimal HTML document part (an outbound mail's HTML alternative). */
export function textToHtml(text: string): string {
  const esc = text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
  const paragraphs = esc.split(/\n{2,}/).map((p) => `<p>${p.replace(/\n/g, '<br>')}</p>`);
  return `<!doctype html><html><body><div style="font-family: sans-serif; font-size: 14px; line-height: 1.5">${paragraphs.join('\n')}</div></body></html>`;
}

/**
 * The new text of a reply, without the quoted mail under it: cut at the first attribution line
 * ("On … wrote:", "Am … schrieb …:", "W dniu … pisze:"), an Outlook header block ("-----Original
 * Message-----", or From:/Sent: lines) or a trailing block of `>` lines. Only cut when something is
 * left above the cut; otherwise the whole text is kept (a forwarded mail, an inline-quoted answer).
 */
const ATTRIBUTION = /^(on|am|le|el|w dniu|op)\s.{4,300}\b(wrote|schrieb|a écrit|escribió|pisze|napisał\(a\)|napisał|schreef)\b.*:$/i;

export function trimQuotedReply(text: string): string {
  const lines = (text ?? '').replace(/\r\n/g, '\n').split('\n');
  let cut = -1;
  for (let i = 0; i < lines.length && cut < 0; i++) {
    const line = lines[i].trim();
    const two = `${line} ${(lines[i + 1] ?? '').trim()}`;
    if (/^-{2,}\s*(original message|ursprüngliche nachricht|wiadomość oryginalna|message d'origine)\s*-{2,}$/i.test(line)) cut = i;
    else if (ATTRIBUTION.test(line)) cut = i;
    else if (!/:$/.test(line) && ATTRIBUTION.test(two)) cut = i;
    else if (/^(from|von|od|de):\s.+/i.test(line) && /^(sent|gesendet|wysłano|envoyé|date|datum):\s.+/i.test((lines[i + 1] ?? '').trim()) && i > 0) cut = i;
    else if (/^_{20,}$/.test(line) && /^(from|von|od|de):/i.test((lines[i + 1] ?? '').trim())) cut = i;
  }
  if (cut < 0) {
    // a trailing block of quoted lines (blank lines inside it allowed)
    let j = lines.length - 1;
    while (j >= 0 && !lines[j].trim()) j--;
    let start = -1;
    while (j >= 0 && (lines[j].trimStart().startsWith('>') || !lines[j].trim())) {
      if (lines[j].trimStart().startsWith('>')) start = j;
      j--;
    }
    if (start > 0) cut = start;
  }
  if (cut <= 0) return (text ?? '').trim();
  const kept = lines.slice(0, cut).join('\n').trim();
  return kept || (text ?? '').trim();
}
