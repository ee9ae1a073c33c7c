/**
 * Passages: spans [start, end) of one answer's verbatim text. Finding the words a person typed or pasted, showing
 * a little context around each place they occur, splitting the text into plain and marked pieces for the story
 * page, and finding a passage again after the words were corrected. Offsets count UTF-16 code units, as
 * JavaScript strings do, everywhere they are stored and used.
 */

export interface Span {
  start: number;
  end: number;
}

const escapeRegExp = (text: string) => text.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');

/**
 * Every place the words occur in the text, overlapping ones too. The words must appear exactly, except that any
 * run of spaces or line breaks matches any other (a pasted selection often turns a line break into a space, and
 * forms send \r\n). Leading and trailing spaces are not part of the passage.
 */
export function findOccurrences(text: string, words: string): Span[] {
  const tokens = words.trim().split(/\s+/).filter(Boolean);
  if (tokens.length === 0) return [];
  const pattern = new RegExp(tokens.map(escapeRegExp).join('\\s+'), 'g');
  const found: Span[] = [];
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    found.push({ start: match.index, end: match.index + match[0].length });
    pattern.lastIndex = match.index + 1;
  }
  return found;
}

export interface InContext {
  before: string;
  words: string;
  after: string;
}

/** The words at this span with up to `width` characters either side (cut at a space, "…" where cut), for choosing between occurrences. */
export function inContext(text: string, span: Span, width = 40): InContext {
  const from = Math.max(0, span.start - width);
  const to = Math.min(text.length, span.end + width);
  let before = text.slice(from, span.start);
  let after = text.slice(span.end, to);
  if (from > 0) before = `…${before.replace(/^\S*\s/, '')}`;
  if (to < text.length) after = `${after.replace(/\s\S*$/, '')}…`;
  return { before, words: text.slice(span.start, span.end), after };
}

export interface Segment {
  text: string;
  /** Inside at least one tagged passage. */
  marked: boolean;
  /** Inside more than one (overlapping passages), shown a shade darker. */
  overlap: boolean;
}

/**
 * The text cut into plain and marked pieces: each piece is covered by the same passages throughout, so
 * overlapping and nested passages come out right. The pieces, joined, are exactly the text. Passages outside
 * the text or empty are ignored.
 */
export function segments(text: string, passages: readonly Span[]): Segment[] {
  const valid = passages.filter((p) => p.start >= 0 && p.end <= text.length && p.start < p.end);
  const cuts = [...new Set([0, text.length, ...valid.flatMap((p) => [p.start, p.end])])].sort((a, b) => a - b);
  const pieces: (Segment & { covering: string })[] = [];
  for (let i = 0; i + 1 < cuts.length; i++) {
    const [from, to] = [cuts[i]!, cuts[i + 1]!];
    const covering = valid.flatMap((p, n) => (p.start <= from && p.end >= to ? [n] : []));
    const key = covering.join(',');
    const last = pieces.at(-1);
    if (last && last.covering === key) last.text += text.slice(from, to);
    else
      pieces.push({
        text: text.slice(from, to),
        marked: covering.length > 0,
        overlap: covering.length > 1,
        covering: key,
      });
  }
  return pieces.map(({ text, marked, overlap }) => ({ text, marked, overlap }));
}

/**
 * Where a passage's quote is now, after its answer's words changed: still at its offsets if they still hold it,
 * otherwise the occurrence nearest where it was (the earlier one on a tie); null if the quote is gone.
 */
export function relocate(text: string, quote: string, oldStart: number | null): Span | null {
  if (quote === '') return null;
  if (oldStart !== null && text.startsWith(quote, oldStart)) return { start: oldStart, end: oldStart + quote.length };
  let best: number | null = null;
  for (let at = text.indexOf(quote); at !== -1; at = text.indexOf(quote, at + 1)) {
    if (best === null || Math.abs(at - (oldStart ?? 0)) < Math.abs(best - (oldStart ?? 0))) best = at;
  }
  return best === null ? null : { start: best, end: best + quote.length };
}

/** What makes two tags on a story "the same place": the whole story, one span, or (once detached) one quote in one answer. */
export function placeKey(row: {
  answer_position: number | null;
  start_offset: number | null;
  end_offset: number | null;
  quote: string;
}): string {
  if (row.answer_position === null) return 'story';
  if (row.start_offset === null) return `${row.answer_position}:detached:${row.quote}`;
  return `${row.answer_position}:${row.start_offset}:${row.end_offset}`;
}
