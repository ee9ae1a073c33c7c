/**
 * Searched words found again in what a result shows (its title, a short excerpt of its words), matched the way the
 * search index matches them: as typed or as the start of a word, or by stem in the story's language, case, accents
 * and Arabic's optional marks aside; a searched contraction ("don't", "l'épicerie") whole, as written.
 * Pure logic; the view marks each matched part, escaping the text as usual.
 */
import { foldArabic, stemWord } from '../text/text.ts';
import { foldAccents, partsOf, SEARCH_WORD, searchWords, stemsOf } from './search.ts';

/** A piece of shown text, marked when it is a searched word. */
export interface Part {
  text: string;
  mark: boolean;
}

/**
 * The searched words: `word` tells whether a word (no apostrophe) of a story told in a language is one of them;
 * `contractions` are the searched ones with an apostrophe, as their parts folded.
 */
export interface WordMatcher {
  word: (word: string, language: string) => boolean;
  contractions: { parts: string[]; prefix: boolean }[];
}

/** As the index compares words: lower case, accents and Arabic's optional marks folded. */
const fold = (word: string) => foldAccents(foldArabic(word.toLowerCase()));

export function wordMatcher(query: string): WordMatcher {
  const words = searchWords(query).map(partsOf);
  const searched = words
    .filter((w) => w.parts.length === 1)
    .map(({ parts: [word] }) => ({ typed: fold(word!), stems: new Set(stemsOf(word!).map(fold)) }));
  const contractions = words.filter((w) => w.parts.length > 1).map((w) => ({ ...w, parts: w.parts.map(fold) }));
  // A page's words repeat (and folding and stemming cost more than a look-up): each is judged once per search.
  const judged = new Map<string, Map<string, boolean>>();
  const isSearched = (word: string, language: string) => {
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
  return { word: isSearched, contractions };
}

/** A word between apostrophes: one part of a contraction, or a whole word. */
const PART = /[\p{L}\p{M}\p{N}]+/gu;

/** How many of a text word's parts, from the `from`th, a searched contraction spans (0: none starts there). */
function contractionAt(parts: string[], from: number, matches: WordMatcher): number {
  for (const c of matches.contractions) {
    const end = from + c.parts.length;
    if (end > parts.length) continue;
    const last = c.parts.length - 1;
    const same = c.parts.every((p, i) => {
      const part = fold(parts[from + i]!);
      return i === last && c.prefix ? part.startsWith(p) : part === p;
    });
    if (same) return c.parts.length;
  }
  return 0;
}

/**
 * Where the searched words are in a text, in order: a searched contraction whole, from its first part to its last,
 * and any other word (or part of a contraction, "épicerie" of "l'épicerie") that is a searched word.
 */
function* matchesIn(text: string, language: string, matches: WordMatcher): Generator<{ at: number; end: number }> {
  for (const w of text.matchAll(SEARCH_WORD)) {
    if (!/['’]/u.test(w[0])) {
      // Most words have no apostrophe: no parts to look at.
      if (matches.word(w[0], language)) yield { at: w.index, end: w.index + w[0].length };
      continue;
    }
    const parts = [...w[0].matchAll(PART)];
    const words = parts.map((p) => p[0]);
    let i = 0;
    while (i < parts.length) {
      const span = contractionAt(words, i, matches);
      if (span > 0 || matches.word(words[i]!, language)) {
        const last = parts[i + Math.max(span, 1) - 1]!;
        yield { at: w.index + parts[i]!.index, end: w.index + last.index + last[0].length };
      }
      i += Math.max(span, 1);
    }
  }
}

/** The text in parts, each searched word marked. */
export function markWords(text: string, language: string, matches: WordMatcher): Part[] {
  const parts: Part[] = [];
  let at = 0;
  for (const m of matchesIn(text, language, matches)) {
    if (m.at > at) parts.push({ text: text.slice(at, m.at), mark: false });
    parts.push({ text: text.slice(m.at, m.end), mark: true });
    at = m.end;
  }
  if (at < text.length) parts.push({ text: text.slice(at), mark: false });
  return parts;
}

/** How many words of the text are searched words: a result's relevance, counted on its title. */
export function countMatches(text: string, language: string, matches: WordMatcher): number {
  return [...matchesIn(text, language, matches)].length;
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
  for (const m of matchesIn(text, language, matches)) {
    first = m.at;
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
