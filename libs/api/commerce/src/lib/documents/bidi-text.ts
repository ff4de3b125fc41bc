import bidiFactory from 'bidi-js';

const bidi = bidiFactory();

/** One printed line: pieces of text to draw left to right, and whether the line's paragraph reads right to left. */
export interface LaidLine {
  /** In visual order; each is handed to pdfkit as it is (see `forFontkit`). */
  runs: string[];
  width: number;
  rtl: boolean;
}

/** Width of a text in the current font and size. */
export type Measure = (text: string) => number;

// Explicit bidi marks and embeddings: they steer the algorithm, and are not drawn
const BIDI_CONTROLS = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;
// The first character of a non-common script decides the direction fontkit lays a run out in
const FIRST_SCRIPT_CHAR = /[^\p{Script=Common}\p{Script=Inherited}\p{Script=Unknown}]/u;
const RTL_SCRIPT = /[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}\p{Script=Samaritan}\p{Script=Mandaic}\p{Script=Adlam}]/u;

/** Whether fontkit (pdfkit's layout engine) reverses this text's glyphs: it does for a run whose first script is right-to-left. */
export function fontkitReverses(text: string): boolean {
  const first = FIRST_SCRIPT_CHAR.exec(text);
  return !!first && RTL_SCRIPT.test(first[0]);
}

const reversed = (text: string) => Array.from(text).reverse().join('');

/**
 * The string to hand pdfkit (with `features: []`, so it lays the run out whole) for a run that must
 * appear as `logical` read in direction `rtl`. fontkit reverses runs of right-to-left scripts itself
 * (after shaping Arabic in logical order), so such a run goes in logical order; any other run going
 * right to left (a run of neutrals) is reversed here; a left-to-right run fontkit would reverse
 * (Arabic-Indic digits) is reversed here so that it comes out as written.
 */
export function forFontkit(logical: string, rtl: boolean): string {
  const flips = fontkitReverses(logical);
  return (rtl !== flips ? reversed(logical) : logical).replace(BIDI_CONTROLS, '');
}

/** Splits a long word into pieces that fit `maxWidth` (at least one code point each). */
function splitWord(word: string, start: number, maxWidth: number, measure: Measure): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  const chars = Array.from(word);
  let pieceStart = 0; // in code units within word
  let piece = '';
  let offset = 0;
  for (const ch of chars) {
    if (piece && measure(piece + ch) > maxWidth) {
      out.push([start + pieceStart, start + offset]);
      pieceStart = offset;
      piece = '';
    }
    piece += ch;
    offset += ch.length;
  }
  if (piece) out.push([start + pieceStart, start + offset]);
  return out;
}

/** Greedy line breaks of one paragraph at spaces (a word wider than the line is cut): [start, end) ranges without the spaces at the break. */
function breakLines(text: string, maxWidth: number, measure: Measure): Array<[number, number]> {
  const lines: Array<[number, number]> = [];
  const spaceWidth = measure(' ');
  let lineStart = -1;
  let lineEnd = -1;
  let width = 0;
  let pendingSpaces = 0;
  const flush = () => {
    if (lineStart >= 0) lines.push([lineStart, lineEnd]);
    lineStart = -1;
    width = 0;
  };
  for (const m of text.matchAll(/\S+|\s+/g)) {
    const token = m[0];
    const at = m.index ?? 0;
    if (/^\s/.test(token)) {
      pendingSpaces = token.length;
      continue;
    }
    const w = measure(token);
    const gap = lineStart >= 0 ? pendingSpaces * spaceWidth : 0;
    pendingSpaces = 0;
    if (lineStart >= 0 && width + gap + w <= maxWidth) {
      width += gap + w;
      lineEnd = at + token.length;
      continue;
    }
    flush();
    if (w <= maxWidth) {
      lineStart = at;
      lineEnd = at + token.length;
      width = w;
      continue;
    }
    const pieces = splitWord(token, at, maxWidth, measure);
    pieces.slice(0, -1).forEach((p) => lines.push(p));
    const last = pieces[pieces.length - 1];
    lineStart = last[0];
    lineEnd = last[1];
    width = measure(text.slice(last[0], last[1]));
  }
  flush();
  return lines;
}

/**
 * Wraps `text` to `maxWidth` and orders each line for display (Unicode bidi algorithm, per
 * paragraph, lines broken before reordering as UAX #9 says). Paragraphs are the text's lines; an
 * empty paragraph is an empty line. A paragraph whose first strong character is right-to-left
 * (Hebrew, Arabic) gives `rtl` lines, which callers align to the right.
 */
export function layoutText(text: string, maxWidth: number, measure: Measure): LaidLine[] {
  const out: LaidLine[] = [];
  for (const paragraph of text.replace(/\t/g, ' ').split(/\r\n|\r|\n/)) {
    if (!paragraph.trim()) {
      out.push({ runs: [], width: 0, rtl: false });
      continue;
    }
    const levels = bidi.getEmbeddingLevels(paragraph, 'auto');
    const rtl = (levels.paragraphs[0]?.level ?? 0) % 2 === 1;
    const mirrors = bidi.getMirroredCharactersMap(paragraph, levels.levels as unknown as Uint8Array);
    for (const [start, end] of breakLines(paragraph, maxWidth, measure)) {
      const visual = bidi.getReorderedIndices(paragraph, levels, start, end - 1).slice(start, end);
      const runs: string[] = [];
      let group: number[] = [];
      const close = () => {
        if (!group.length) return;
        const level = levels.levels[group[0]];
        const from = Math.min(...group);
        const to = Math.max(...group);
        let logical = '';
        for (let i = from; i <= to; i++) logical += (level & 1 ? mirrors.get(i) : undefined) ?? paragraph[i];
        const piece = forFontkit(logical, (level & 1) === 1);
        if (piece) runs.push(piece);
        group = [];
      };
      for (const index of visual) {
        const prev = group[group.length - 1];
        const level = levels.levels[index];
        const adjacent = prev !== undefined && levels.levels[prev] === level && index === prev + (level & 1 ? -1 : 1);
        if (prev !== undefined && !adjacent) close();
        group.push(index);
      }
      close();
      const width = runs.reduce((sum, r) => sum + measure(r), 0);
      out.push({ runs, width, rtl });
    }
  }
  return out;
}
