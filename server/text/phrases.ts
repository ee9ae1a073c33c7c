/**
 * Theme labels a person would use: the phrases the stories themselves use ("food bank", "key worker", "referral
 * form"), not stems. Candidates are single content words and 2–3-word runs within a clause, in the form most often
 * written; each is scored by how many of the theme's stories use it times how much more often they do than the
 * other themes' stories (a smoothed log ratio of shares), with a small preference for phrases over single words.
 * Plain computation: no database, no HTTP.
 */
import { fillersFor } from './fillers.ts';
import { stemWord, stopwordsFor, tokenize } from './text.ts';

export interface LabelDoc {
  text: string;
  language?: string;
}

/** Phrases break at punctuation: "the bank, food" is not "bank food". */
const CLAUSE = /[.,;:!?()[\]{}"“”«»…\n\r–—/|]+/;
const LETTER = /\p{L}/u;
/** Long stories add little to a label beyond their first few thousand characters, and cost time. */
const MAX_CHARS = 6000;
const PHRASES = 3;

interface Phrase {
  /** The phrase's stems, space-separated: "food bank" and "food banks" are one phrase. */
  key: string;
  stems: string[];
  /** The stems of its content words (not the stop words inside it). */
  content: string[];
  forms: Map<string, number>;
}

/** Whether a word may start or end a phrase, or be a label alone: a content word, not a stop or filler word. */
function edgeStem(word: string, language: string | undefined): string {
  if (!LETTER.test(word) || word.length < 2) return '';
  if (stopwordsFor(language).has(word) || fillersFor(language).has(word)) return '';
  return stemWord(word, language);
}

/** Every candidate phrase in a text, once each, with the form written. */
function phrasesIn(text: string, language: string | undefined, into: Map<string, Phrase>): Set<string> {
  const seen = new Set<string>();
  for (const clause of text.slice(0, MAX_CHARS).split(CLAUSE)) {
    const words = tokenize(clause, language);
    const stems = words.map((w) => edgeStem(w, language));
    for (let i = 0; i < words.length; i++) {
      if (!stems[i]) continue;
      for (let n = 1; n <= 3 && i + n <= words.length; n++) {
        const last = i + n - 1;
        if (!stems[last]) continue;
        // Inside a phrase any word may stand ("cup of tea"), keyed by its stem when it has one.
        const parts = words.slice(i, i + n).map((w, j) => stems[i + j] || w);
        const key = parts.join(' ');
        const form = words.slice(i, i + n).join(' ');
        let phrase = into.get(key);
        if (!phrase)
          into.set(
            key,
            (phrase = { key, stems: parts, content: stems.slice(i, i + n).filter(Boolean), forms: new Map() }),
          );
        phrase.forms.set(form, (phrase.forms.get(form) ?? 0) + 1);
        seen.add(key);
      }
    }
  }
  return seen;
}

const mostWritten = (forms: Map<string, number>) =>
  [...forms].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]![0];

/**
 * For each group of stories (a theme), up to three phrases that name it, most telling first; no phrase shares a
 * word with another, so none is contained in another. Groups are compared with each other: a phrase every theme
 * uses names none of them.
 */
export function themePhrases(groups: LabelDoc[][], language?: string, count = PHRASES): string[][] {
  const phrases = new Map<string, Phrase>();
  const uses = groups.map((docs) => {
    const df = new Map<string, number>();
    for (const doc of docs)
      for (const key of phrasesIn(doc.text, doc.language ?? language, phrases)) df.set(key, (df.get(key) ?? 0) + 1);
    return df;
  });
  const total = new Map<string, number>();
  for (const df of uses) for (const [key, n] of df) total.set(key, (total.get(key) ?? 0) + n);
  const all = groups.reduce((s, g) => s + g.length, 0);

  return groups.map((docs, g) => {
    const size = docs.length;
    const others = all - size;
    const df = uses[g]!;
    const least = Math.min(2, size);
    const scored: { phrase: Phrase; score: number; df: number }[] = [];
    for (const [key, n] of df) {
      if (n < least) continue;
      const elsewhere = total.get(key)! - n;
      const lift = others > 0 ? Math.log((n + 0.5) / (size + 1) / ((elsewhere + 0.5) / (others + 1))) : 1;
      if (lift <= 0) continue;
      const phrase = phrases.get(key)!;
      scored.push({ phrase, df: n, score: (n / size) * lift * (1 + 0.35 * (phrase.stems.length - 1)) });
    }
    // A phrase stands for its words when most stories using the words use the phrase ("key worker" over "worker").
    const longer = scored.filter((s) => s.phrase.stems.length > 1);
    const kept = scored.filter(
      (s) =>
        !longer.some(
          (l) => l !== s && l.df >= 0.6 * s.df && contains(l.phrase.stems, s.phrase.stems) && l.score >= 0.5 * s.score,
        ),
    );
    kept.sort((a, b) => b.score - a.score || (a.phrase.key < b.phrase.key ? -1 : 1));
    const chosen: Phrase[] = [];
    const used = new Set<string>();
    for (const { phrase } of kept) {
      if (chosen.length === count) break;
      if (phrase.content.some((s) => used.has(s))) continue;
      chosen.push(phrase);
      for (const s of phrase.content) used.add(s);
    }
    return chosen.map((p) => mostWritten(p.forms));
  });
}

/** Whether `part` occurs as a contiguous run in `whole`. */
function contains(whole: string[], part: string[]): boolean {
  outer: for (let i = 0; i + part.length <= whole.length; i++) {
    for (let j = 0; j < part.length; j++) if (whole[i + j] !== part[j]) continue outer;
    return true;
  }
  return false;
}
