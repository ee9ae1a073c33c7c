/**
 * Theme labels a person would use: the phrases the stories themselves use ("food bank", "key worker", "referral
 * form"), not stems. Candidates are single content words and 2–3-word runs within a clause, in the form most often
 * written; each is scored by how many of the theme's stories use it times how much more often they do than the
 * other themes' stories (a smoothed log ratio of shares), with a small preference for phrases over single words.
 * Plain computation: no database, no HTTP.
 */
import { fillersFor } from './fillers.ts';
import { languageCode, stemWord, stopwordsFor, tokenize } from './text.ts';

export interface LabelDoc {
  text: string;
  language?: string;
}

/** Phrases break at punctuation: "the bank, food" is not "bank food". */
const CLAUSE = /[.,;:!?()[\]{}"“”«»…\n\r–—/|]+/;
const LETTER = /\p{L}/u;
/** Long stories add little to a label beyond their first few thousand characters, and cost time. */
const MAX_CHARS = 4000;
const PHRASES = 3;
/** Characters read per theme, nearest stories first: enough to find what they share, and quick at any size. */
const BUDGET = 30_000;

/** The stories of a group read for its label: in order, until the budget is spent (at least one). */
function withinBudget(docs: LabelDoc[]): LabelDoc[] {
  let spent = 0;
  let n = 0;
  while (n < docs.length && (n === 0 || spent < BUDGET)) spent += Math.min(MAX_CHARS, docs[n++]!.text.length);
  return docs.slice(0, n);
}

interface Phrase {
  /** The phrase's language and stems: "food bank" and "food banks" are one phrase (also the tie-break order). */
  key: string;
  stems: string[];
  /** The stems of its content words (not the stop words inside it). */
  content: string[];
  /** The language of the stories it was found in: a theme of stories in several languages is named in each. */
  language: string;
  /** Stories of all groups that use it; the last story counted (so a story counts once). */
  total: number;
  lastDoc: number;
}

/**
 * Phrases as a trie of their words (stems, or the word itself inside a phrase), one per language: finding a
 * phrase walks from word to word, with no key string built for each of the many candidates in a text.
 */
interface Node {
  next: Map<string, Node> | undefined;
  phrase: Phrase | undefined;
}
const newNode = (): Node => ({ next: undefined, phrase: undefined });

function child(node: Node, word: string): Node {
  let next = node.next?.get(word);
  if (!next) (node.next ??= new Map()).set(word, (next = newNode()));
  return next;
}

/** A language's stop and filler words, and each word's stem as a phrase edge ('' when it may not be one). */
interface Words {
  language: string | undefined;
  stops: ReadonlySet<string>;
  fillers: ReadonlySet<string>;
  edges: Map<string, string>;
}
const wordsOf = new Map<string, Words>();
function wordsFor(language: string | undefined): Words {
  const key = language ?? '';
  let words = wordsOf.get(key);
  if (!words || words.edges.size > 200_000)
    wordsOf.set(
      key,
      (words = { language, stops: stopwordsFor(language), fillers: fillersFor(language), edges: new Map() }),
    );
  return words;
}

/** Whether a word may start or end a phrase, or be a label alone: a content word, not a stop or filler word. */
function edgeStem(words: Words, word: string): string {
  let stem = words.edges.get(word);
  if (stem === undefined) {
    stem =
      !LETTER.test(word) || word.length < 2 || words.stops.has(word) || words.fillers.has(word)
        ? ''
        : stemWord(word, words.language);
    words.edges.set(word, stem);
  }
  return stem;
}

/** A text's clauses as words and their edge stems: read once, walked twice (candidates, then written forms). */
interface Clause {
  tokens: string[];
  stems: string[];
}

function clausesOf(text: string, language: string | undefined): Clause[] {
  const words = wordsFor(language);
  return text
    .slice(0, MAX_CHARS)
    .split(CLAUSE)
    .map((clause) => {
      const tokens = tokenize(clause, language);
      return { tokens, stems: tokens.map((w) => edgeStem(words, w)) };
    });
}

/**
 * Calls `each` for every candidate phrase in a text: its trie node (made when new), where it starts in which clause
 * and how many words it has. Inside a phrase any word may stand ("cup of tea"), by its stem when it has one.
 */
function eachPhrase(
  clauses: Clause[],
  root: Node,
  each: (node: Node, clause: Clause, start: number, length: number) => void,
): void {
  for (const clause of clauses) {
    const { tokens, stems } = clause;
    for (let i = 0; i < tokens.length; i++) {
      if (!stems[i]) continue;
      let node = root;
      for (let n = 1; n <= 3 && i + n <= tokens.length; n++) {
        const at = i + n - 1;
        node = child(node, stems[at] || tokens[at]!);
        if (stems[at]) each(node, clause, i, n);
      }
    }
  }
}

/**
 * For each group of stories (a theme), up to three phrases that name it, most telling first; no phrase shares a
 * word with another, so none is contained in another. Groups are compared with each other: a phrase every theme
 * uses names none of them.
 */
export function themePhrases(everything: LabelDoc[][], language?: string, count = PHRASES): string[][] {
  const groups = everything.map(withinBudget);
  // Phrases are told apart by language too: French « pain » is not English "pain".
  const roots = new Map<string, Node>();
  const rootOf = (lang: string) => roots.get(lang) ?? roots.set(lang, newNode()).get(lang)!;
  const read = groups.map((docs) =>
    docs.map((doc) => {
      const lang = languageCode(doc.language ?? language);
      return { lang, root: rootOf(lang), clauses: clausesOf(doc.text, doc.language ?? language) };
    }),
  );
  let story = 0;
  const uses = read.map((docs) => {
    const df = new Map<Phrase, number>();
    for (const { lang, root, clauses } of docs) {
      story++;
      eachPhrase(clauses, root, (node, { tokens, stems }, i, n) => {
        const phrase = (node.phrase ??= {
          key: `${lang}\u0001${tokens
            .slice(i, i + n)
            .map((w, j) => stems[i + j] || w)
            .join(' ')}`,
          stems: tokens.slice(i, i + n).map((w, j) => stems[i + j] || w),
          content: stems.slice(i, i + n).filter(Boolean),
          language: lang,
          total: 0,
          lastDoc: 0,
        });
        if (phrase.lastDoc === story) return;
        phrase.lastDoc = story;
        phrase.total++;
        df.set(phrase, (df.get(phrase) ?? 0) + 1);
      });
    }
    return df;
  });
  const all = groups.reduce((s, g) => s + g.length, 0);

  return groups.map((docs, g) => {
    const size = docs.length;
    const others = all - size;
    const df = uses[g]!;
    const least = Math.min(2, size);
    const scored: { phrase: Phrase; score: number; df: number }[] = [];
    for (const [phrase, n] of df) {
      if (n < least) continue;
      const elsewhere = phrase.total - n;
      const lift = others > 0 ? Math.log((n + 0.5) / (size + 1) / ((elsewhere + 0.5) / (others + 1))) : 1;
      if (lift <= 0) continue;
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
    // Stories in several languages: the best phrase of each language in turn, the language of most stories first.
    const queues = byLanguage(kept, docs, language);
    for (let round = 0; chosen.length < count && queues.some((q) => q.length); round++)
      for (const queue of queues) {
        while (queue.length && chosen.length < count) {
          const phrase = queue.shift()!.phrase;
          if (phrase.content.some((s) => used.has(`${phrase.language}\u0001${s}`))) continue;
          chosen.push(phrase);
          for (const s of phrase.content) used.add(`${phrase.language}\u0001${s}`);
          break;
        }
      }
    // The form most often written, counted only for the phrases chosen (a second, cheaper pass).
    const forms = new Map(chosen.map((p) => [p, new Map<string, number>()]));
    if (forms.size)
      for (const { root, clauses } of read[g]!)
        eachPhrase(clauses, root, (node, { tokens }, i, n) => {
          const tally = node.phrase && forms.get(node.phrase);
          if (tally) {
            const f = tokens.slice(i, i + n).join(' ');
            tally.set(f, (tally.get(f) ?? 0) + 1);
          }
        });
    return chosen.map((p) => mostWritten(forms.get(p)!));
  });
}

/** Scored phrases in one queue per language, best first, the language of most of the group's stories first. */
function byLanguage<T extends { phrase: Phrase }>(kept: T[], docs: LabelDoc[], language?: string): T[][] {
  const stories = new Map<string, number>();
  for (const doc of docs) {
    const lang = languageCode(doc.language ?? language);
    stories.set(lang, (stories.get(lang) ?? 0) + 1);
  }
  const order = [...stories.keys()].sort((a, b) => stories.get(b)! - stories.get(a)! || (a < b ? -1 : 1));
  return order.map((lang) => kept.filter((s) => s.phrase.language === lang));
}

const mostWritten = (forms: Map<string, number>) =>
  [...forms].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]![0];

/** Whether `part` occurs as a contiguous run in `whole`. */
function contains(whole: string[], part: string[]): boolean {
  outer: for (let i = 0; i + part.length <= whole.length; i++) {
    for (let j = 0; j < part.length; j++) if (whole[i + j] !== part[j]) continue outer;
    return true;
  }
  return false;
}
