import { inflateSync } from 'node:zlib';

/**
 * A small reader for the PDFs pdfkit writes (tests only): objects, streams (Flate inflated), and
 * the text each page shows, mapped from glyph ids back to characters through the ToUnicode CMaps
 * pdfkit embeds for its Identity-H fonts. Text items on one baseline make a line, left to right,
 * as they are seen on paper (so a Hebrew word reads in visual order).
 */

export interface PdfObject {
  num: number;
  dict: string;
  stream?: Buffer;
}

export function pdfObjects(pdf: Buffer): Map<number, PdfObject> {
  const s = pdf.toString('latin1');
  const out = new Map<number, PdfObject>();
  const head = /(?:^|\n)(\d+) 0 obj\n/g;
  let m: RegExpExecArray | null;
  while ((m = head.exec(s))) {
    const start = m.index + m[0].length;
    const streamAt = s.indexOf('\nstream\n', start);
    const endAt = s.indexOf('\nendobj', start);
    if (streamAt >= 0 && streamAt < endAt) {
      const dict = s.slice(start, streamAt);
      const length = Number(/\/Length (\d+)/.exec(dict)?.[1]);
      const raw = pdf.subarray(streamAt + 8, streamAt + 8 + length);
      out.set(Number(m[1]), { num: Number(m[1]), dict, stream: /\/FlateDecode/.test(dict) ? inflateSync(raw) : raw });
      head.lastIndex = streamAt + 8 + length;
    } else {
      out.set(Number(m[1]), { num: Number(m[1]), dict: s.slice(start, endAt) });
      head.lastIndex = endAt;
    }
  }
  return out;
}

const ref = (dict: string, key: string): number | undefined => {
  const m = new RegExp(`/${key} (\\d+) 0 R`).exec(dict);
  return m ? Number(m[1]) : undefined;
};

interface Font {
  unicode: Map<number, string>;
  widths: Map<number, number>;
}

function parseCmap(text: string): Map<number, string> {
  const map = new Map<number, string>();
  const hex = (h: string) => {
    const clean = h.replace(/\s+/g, '');
    let out = '';
    for (let i = 0; i < clean.length; i += 4) out += String.fromCharCode(parseInt(clean.slice(i, i + 4), 16));
    return out;
  };
  for (const block of text.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    for (const r of block[1].matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*(\[[^\]]*\]|<[^>]*>)/g)) {
      const from = parseInt(r[1], 16);
      const to = parseInt(r[2], 16);
      if (r[3].startsWith('[')) {
        [...r[3].matchAll(/<([^>]*)>/g)].forEach((e, i) => map.set(from + i, hex(e[1])));
      } else {
        const base = hex(r[3].slice(1, -1));
        for (let c = from; c <= to; c++) map.set(c, base.slice(0, -1) + String.fromCharCode(base.charCodeAt(base.length - 1) + (c - from)));
      }
    }
  }
  for (const block of text.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
    for (const r of block[1].matchAll(/<([0-9a-fA-F]+)>\s*<([^>]*)>/g)) map.set(parseInt(r[1], 16), hex(r[2]));
  }
  return map;
}

function parseWidths(dict: string): Map<number, number> {
  const widths = new Map<number, number>();
  const w = /\/W \[([\s\S]*)\]/.exec(dict)?.[1] ?? '';
  for (const m of w.matchAll(/(\d+)\s*\[([^\]]*)\]/g)) {
    m[2]
      .trim()
      .split(/\s+/)
      .forEach((v, i) => widths.set(Number(m[1]) + i, Number(v)));
  }
  return widths;
}

function fontsOf(objects: Map<number, PdfObject>, resources: string): Map<string, Font> {
  const fonts = new Map<string, Font>();
  const block = /\/Font <<([\s\S]*?)>>/.exec(resources)?.[1] ?? '';
  for (const m of block.matchAll(/\/(\S+) (\d+) 0 R/g)) {
    const font = objects.get(Number(m[2]));
    if (!font) continue;
    const cmapRef = ref(font.dict, 'ToUnicode');
    const descendant = /\/DescendantFonts \[(\d+) 0 R\]/.exec(font.dict)?.[1];
    fonts.set(m[1], {
      unicode: cmapRef ? parseCmap(objects.get(cmapRef)?.stream?.toString('latin1') ?? '') : new Map(),
      widths: descendant ? parseWidths(objects.get(Number(descendant))?.dict ?? '') : new Map(),
    });
  }
  return fonts;
}

/** One text-showing operation: where it starts and ends on the page (points from the left), its baseline (from the bottom) and its characters. */
export interface PdfTextItem {
  x: number;
  y: number;
  end: number;
  text: string;
}

/** The text items of each page, in drawing order. */
export function pdfTextItems(pdf: Buffer): PdfTextItem[][] {
  const objects = pdfObjects(pdf);
  const pages = [...objects.values()].filter((o) => /\/Type \/Page\n/.test(o.dict));
  // the page tree lists pages in order
  const tree = [...objects.values()].find((o) => /\/Type \/Pages\n/.test(o.dict));
  const order = [...(/\/Kids \[([^\]]*)\]/.exec(tree?.dict ?? '')?.[1] ?? '').matchAll(/(\d+) 0 R/g)].map((m) => Number(m[1]));
  pages.sort((a, b) => order.indexOf(a.num) - order.indexOf(b.num));
  return pages.map((page) => {
    const resources = objects.get(ref(page.dict, 'Resources') ?? -1)?.dict ?? '';
    const fonts = fontsOf(objects, resources);
    const content = objects.get(ref(page.dict, 'Contents') ?? -1)?.stream?.toString('latin1') ?? '';
    const items: PdfTextItem[] = [];
    let font: Font | undefined;
    let size = 0;
    let x = 0;
    let y = 0;
    for (const op of content.matchAll(/([-\d.]+) ([-\d.]+) Tm|\/(\S+) ([\d.]+) Tf|\[((?:<[0-9a-fA-F]*>|\s|[-\d.]+)*)\] TJ|<([0-9a-fA-F]*)> Tj/g)) {
      if (op[1] !== undefined) {
        x = Number(op[1]);
        y = Number(op[2]);
      } else if (op[3] !== undefined) {
        font = fonts.get(op[3]);
        size = Number(op[4]);
      } else {
        const parts = op[5] !== undefined ? [...op[5].matchAll(/<([0-9a-fA-F]*)>|([-\d.]+)/g)] : [[`<${op[6]}>`, op[6]] as unknown as RegExpMatchArray];
        let text = '';
        let advance = 0;
        for (const p of parts) {
          if (p[1] !== undefined) {
            for (let i = 0; i < p[1].length; i += 4) {
              const gid = parseInt(p[1].slice(i, i + 4), 16);
              text += font?.unicode.get(gid) ?? '\uFFFD';
              advance += ((font?.widths.get(gid) ?? 0) * size) / 1000;
            }
          } else advance -= (Number(p[2]) * size) / 1000;
        }
        items.push({ x, y, end: x + advance, text });
      }
    }
    return items;
  });
}

/** The text of each page, one string per page with its lines (items on one baseline, left to right) separated by "\n". */
export function pdfPages(pdf: Buffer): string[] {
  return pdfTextItems(pdf).map((items) => {
    const lines = new Map<number, PdfTextItem[]>();
    for (const item of items) {
      const key = Math.round(item.y * 2) / 2;
      lines.set(key, [...(lines.get(key) ?? []), item]);
    }
    return [...lines.entries()]
      .sort((a, b) => b[0] - a[0])
      .map(([, row]) => {
        row.sort((a, b) => a.x - b.x);
        return row.reduce((line, item, i) => line + (i && item.x - row[i - 1].end > 1 ? ' ' : '') + item.text, '');
      })
      .join('\n');
  });
}

/** All pages' text, pages separated by a form feed. */
export const pdfText = (pdf: Buffer): string => pdfPages(pdf).join('\n\f\n');
