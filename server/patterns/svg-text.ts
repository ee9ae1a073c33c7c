/**
 * Labels inside the pattern charts: wrapped onto lines rather than cut, placed by their visual edge so a label in
 * Arabic or Hebrew sits where a label in English would, inside a chart always drawn left to right.
 */
import { escapeXml } from '../web/xml.ts';

/** A chart label's line height and a generous width per character, at the charts' 13px font. */
export const LINE = 15;
export const CHAR = 7.5;

/** The width in the chart that lines of text take. */
export const widthOf = (lines: string[]) => CHAR * Math.max(0, ...lines.map((l) => [...l].length));

/** Where a line may break: any space but a no-break one (French puts a narrow one before a colon: "Âge\u202f: 18"). */
const BREAK = /[^\S\u00A0\u2007\u202F]+/;

/**
 * Words wrapped onto lines of at most `width` characters; at most `most` lines, the last ending "…" when the text
 * goes on (the full text is then the label's title, and in the chart's description).
 */
export function wrap(text: string, width: number, most: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.trim().split(BREAK).filter(Boolean)) {
    // A word longer than a line is split, not cut, so its end still shows.
    const pieces = [...word].length > width ? chunks(word, width) : [word];
    for (const piece of pieces) {
      if (line === '') line = piece;
      else if ([...line].length + 1 + [...piece].length <= width) line += ` ${piece}`;
      else {
        lines.push(line);
        line = piece;
      }
    }
  }
  if (line !== '') lines.push(line);
  if (lines.length <= most) return lines;
  const kept = lines.slice(0, most);
  const last = [...kept[most - 1]!];
  kept[most - 1] = `${last.slice(0, width - 1).join('')}…`;
  return kept;
}

function chunks(word: string, width: number): string[] {
  const letters = [...word];
  return Array.from({ length: Math.ceil(letters.length / width) }, (_, i) =>
    letters.slice(i * width, (i + 1) * width).join(''),
  );
}

/** Whether the text has a space where line i begins (a long word split onto two lines has none). */
function spaceBefore(full: string, lines: string[], i: number): boolean {
  const words = full.trim().split(BREAK).join(' ');
  const before = lines.slice(0, i).join(' ');
  return words.startsWith(`${before} `);
}

const RIGHT_TO_LEFT = /^[^\p{L}]*[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}]/u;

/**
 * A label of one or more lines, its `side` edge at x ("left": it starts there; "right": it ends there); the first
 * line's baseline at y, the others below. Right-to-left text is marked so, with its anchor turned to match.
 */
export function textLines(
  x: number,
  y: number,
  side: 'left' | 'right' | 'middle',
  lines: string[],
  full: string,
): string {
  const rtl = RIGHT_TO_LEFT.test(full);
  const anchor = side === 'middle' ? 'middle' : (side === 'left') !== rtl ? 'start' : 'end';
  const cut = lines.join(' ') !== full.trim().split(BREAK).join(' ');
  // The lines keep the space they were wrapped at, so the label copies and is found as one text ("150 words", not
  // "150words"); a word split across lines has none. It goes on the side of the line away from its anchor, where
  // it shows nothing and moves nothing.
  const spaced = lines.map((l, i) =>
    anchor === 'end'
      ? `${i > 0 && spaceBefore(full, lines, i) ? ' ' : ''}${l}`
      : `${l}${i < lines.length - 1 && spaceBefore(full, lines, i + 1) ? ' ' : ''}`,
  );
  const spans = spaced
    .map((l, i) => `<tspan x="${x.toFixed(1)}" y="${(y + i * LINE).toFixed(1)}">${escapeXml(l)}</tspan>`)
    .join('');
  return (
    // Hidden from screen readers, which would run its lines together ("Not at all0"): the chart's links, its
    // description and the table beside it say the same in full.
    `<text text-anchor="${anchor}"${rtl ? ' direction="rtl"' : ''} class="pattern-chart__label" aria-hidden="true">` +
    `${cut ? `<title>${escapeXml(full)}</title>` : ''}${spans}</text>`
  );
}
