/**
 * Searched words found again in what a result shows (its title, a short excerpt of its words), matched the way the
 * search index matches them: as typed or as the start of a word, or by stem in the story's language, case, accents
 * and Arabic's optional marks aside. Pure logic; the view marks each matched part, escaping the text as usual.
 */
import { foldArabic, stemWord } from '../text/text.ts';
import { foldAccents, searchWords, stemsOf } from './search.ts';

/** A piece of shown text, marked when it is a searched word. */
export interface Part {
  text: string;
  mark: boolean;
}

/** Tells whether a word of a story told in a language is one of the searched words. */
export type WordMatcher = (word: string, language: string) => boolean;

/** As the index compares words: lower case, accents and Arabic's optional marks folded. */
const fold = (word: string) => foldAccents(foldArabic(word.toLowerCase()));

export function wordMatcher(query: string): WordMatcher {
  const searched = searchWords(query).map((word) => ({
    typed: fold(word),
    stems: new Set(stemsOf(word).map(fold)),
  }));
  // A page's words repeat (and folding and stemming cost more than a look-up): each is judged once per search.
  const judged = new Map<string, Map<string, boolean>>();
  return (word, language) => {
    let inLanguage = judged.get(language);
    if (!inLanguage) judged.set(language, (inLanguage = new Map()));
    let found = inLanguage.get(word);
    if (found === undefined) {
      const written = fold(word);
      const stem = fold(stemWord(word.toLowerCase(), language));
      found = searched.some(
        (s) =>
          written.startsWith(s.typed) ||
          s.stems.has(written) ||
          (stem !== '' && (stem.startsWith(s.typed) || s.stems.has(stem))),
      );
      inLanguage.set(word, found);
    }
    return found;
  };
}

const WORD = /[\p{L}\p{M}\p{N}]+/gu;

/** The text in parts, each searched word marked. */
export function markWords(text: string, language: string, matches: WordMatcher): Part[] {
  const parts: Part[] = [];
  let at = 0;
  for (const m of text.matchAll(WORD)) {
    if (!matches(m[0], language)) continue;
    if (m.index > at) parts.push({ text: text.slice(at, m.index), mark: false });
    parts.push({ text: m[0], mark: true });
    at = m.index + m[0].length;
  }
  if (at < text.length) parts.push({ text: text.slice(at), mark: false });
  return parts;
}

/** How many words of the text are searched words: a result's relevance, counted on its title. */
export function countMatches(text: string, language: string, matches: WordMatcher): number {
  let n = 0;
  for (const m of text.matchAll(WORD)) if (matches(m[0], language)) n++;
  return n;
}

/** About two lines of a story list row. */
const EXCERPT_CHARS = 220;
/** Words shown before the first match, so it is read in its sentence. */
const LEAD_CHARS = 70;

/**
 * A short excerpt around the first searched word (the start of the words when only the title matched), its
 * searched words marked, with "…" where words were cut.
 */
export function excerpt(text: string, language: string, matches: WordMatcher): Part[] {
  let first = 0;
  for (const m of text.matchAll(WORD))
    if (matches(m[0], language)) {
      first = m.index;
      break;
    }
  // Only the excerpt's own spaces are tidied (line breaks between answers become spaces), not the whole text.
  let start = Math.max(0, first - LEAD_CHARS);
  if (start > 0) {
    // A whole word, never half of one.
    const space = text.slice(start, first).search(/\s/);
    start = space === -1 ? first : start + space + 1;
  }
  let end = Math.min(text.length, start + EXCERPT_CHARS);
  if (end < text.length) {
    const shown = text.slice(start, end);
    const space = Math.max(shown.lastIndexOf(' '), shown.lastIndexOf('\n'));
    if (start + space > first) end = start + space;
  }
  const shown = text.slice(start, end).replace(/\s+/g, ' ').trim();
  const parts = markWords(shown, language, matches);
  if (start > 0) parts.unshift({ text: '… ', mark: false });
  if (end < text.length) parts.push({ text: ' …', mark: false });
  return parts;
}
