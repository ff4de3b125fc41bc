/** A piece of a search hit's text; `match` pieces are the words the query found. */
export interface HighlightSegment {
  text: string;
  match: boolean;
}

/** ts_headline wraps matches in these; they are stripped from the text before, so users cannot forge them. */
export const MATCH_START = '\u0001';
export const MATCH_STOP = '\u0002';

/** Splits ts_headline output (with MATCH_START/MATCH_STOP markers) into text segments. */
export function segmentsFromMarked(marked: string): HighlightSegment[] {
  const out: HighlightSegment[] = [];
  const push = (text: string, match: boolean) => {
    if (!text) return;
    const last = out[out.length - 1];
    if (last && last.match === match) last.text += text;
    else out.push({ text, match });
  };
  let match = false;
  let buf = '';
  for (const ch of marked) {
    if (ch === MATCH_START || ch === MATCH_STOP) {
      push(buf, match);
      buf = '';
      match = ch === MATCH_START;
    } else {
      buf += ch;
    }
  }
  push(buf, match);
  return out;
}

/**
 * Cuts the segments down to a snippet of about `max` characters that starts a little before the
 * first match, with an ellipsis where text was left out.
 */
export function snippet(segments: HighlightSegment[], max = 160, lead = 40): HighlightSegment[] {
  const total = segments.reduce((n, s) => n + s.text.length, 0);
  if (total <= max) return segments;
  let offset = 0;
  for (const s of segments) {
    if (s.match) break;
    offset += s.text.length;
  }
  const start = Math.max(0, Math.min(offset - lead, total - max));
  const end = start + max;
  const out: HighlightSegment[] = [];
  let pos = 0;
  for (const s of segments) {
    const from = Math.max(start, pos);
    const to = Math.min(end, pos + s.text.length);
    if (to > from) out.push({ text: s.text.slice(from - pos, to - pos), match: s.match });
    pos += s.text.length;
  }
  if (start > 0) out.unshift({ text: '…', match: false });
  if (end < total) out.push({ text: '…', match: false });
  return out;
}
