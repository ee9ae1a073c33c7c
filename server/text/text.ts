/**
 * Words of a story, in any script: tokenising, stop words and stemming per language.
 * `natural` is loaded by deep paths only (its package root pulls in database clients and reads .env), and only
 * the stemmer and stop-word list of a language actually used.
 */
import { createRequire } from 'node:module';
import type { Analysed } from './types.ts';

const require = createRequire(import.meta.url);

/** Letters, marks and digits of every script; apostrophes and zero-width joiners inside a word keep it whole. */
const WORD = /[\p{L}\p{M}\p{N}]+(?:['’\u200c\u200d][\p{L}\p{M}\p{N}]+)*/gu;
/** Scripts written without spaces between words: these runs are split by the platform's word segmenter. */
const UNSPACED =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;
const LETTER = /\p{L}/u;

const segmenters = new Map<string, Intl.Segmenter>();
function segment(run: string, language: string | undefined, into: string[]): void {
  const key = language ?? '';
  let segmenter = segmenters.get(key);
  if (!segmenter) {
    segmenter = new Intl.Segmenter(language ? [language] : [], { granularity: 'word' });
    segmenters.set(key, segmenter);
  }
  for (const s of segmenter.segment(run)) if (s.isWordLike) into.push(s.segment);
}

/** Lower-cased words (NFC), keeping accents and letters of every script. */
export function tokenize(text: string, language?: string): string[] {
  const normal = text.normalize('NFC').toLowerCase().replace(/’/g, "'");
  const words = normal.match(WORD) ?? [];
  if (!UNSPACED.test(normal)) return words;
  const split: string[] = [];
  for (const word of words) {
    if (UNSPACED.test(word)) segment(word, language, split);
    else split.push(word);
  }
  return split;
}

/** natural's stemmers, by language code (its Porter/Snowball family, plus Indonesian and Japanese). */
const STEMMERS: Record<string, string> = {
  en: 'stemmers/porter_stemmer.js',
  de: 'stemmers/porter_stemmer_de.js',
  es: 'stemmers/porter_stemmer_es.js',
  fa: 'stemmers/porter_stemmer_fa.js',
  fr: 'stemmers/porter_stemmer_fr.js',
  it: 'stemmers/porter_stemmer_it.js',
  nl: 'stemmers/porter_stemmer_nl.js',
  no: 'stemmers/porter_stemmer_no.js',
  pt: 'stemmers/porter_stemmer_pt.js',
  ru: 'stemmers/porter_stemmer_ru.js',
  sv: 'stemmers/porter_stemmer_sv.js',
  uk: 'stemmers/porter_stemmer_uk.js',
  id: 'stemmers/indonesian/stemmer_id.js',
  ja: 'stemmers/stemmer_ja.js',
};
/** Languages natural cannot stem, from @orama/stemmers (Snowball's algorithms). */
const OTHER_STEMMERS: Record<string, string> = { ar: '@orama/stemmers/arabic' };
/** natural's own stop-word lists; other languages use stopwords-iso (natural's dependency) when it has them. */
const STOPWORDS: Record<string, string> = {
  en: 'util/stopwords.js',
  es: 'util/stopwords_es.js',
  fa: 'util/stopwords_fa.js',
  fr: 'util/stopwords_fr.js',
  id: 'util/stopwords_id.js',
  it: 'util/stopwords_it.js',
  ja: 'util/stopwords_ja.js',
  nl: 'util/stopwords_nl.js',
  no: 'util/stopwords_no.js',
  pl: 'util/stopwords_pl.js',
  pt: 'util/stopwords_pt.js',
  ru: 'util/stopwords_ru.js',
  sv: 'util/stopwords_sv.js',
  uk: 'util/stopwords_uk.js',
  zh: 'util/stopwords_zh.js',
};
/**
 * English contractions natural's list lacks. They are stop words for labels and phrases (without them "didn't" would
 * lead theme labels), but they stay among a story's words: how often people say "didn't" or "can't" tells told
 * stories and dialogue from reports and papers, and that helps group the stories (measured in bench/quality.ts on
 * Brown's news and romance, whose texts are told apart by little else).
 */
const CONTRACTIONS: Record<string, string[]> = {
  en: [
    "don't",
    "didn't",
    "doesn't",
    "isn't",
    "wasn't",
    "aren't",
    "weren't",
    "won't",
    "wouldn't",
    "can't",
    "couldn't",
    "shouldn't",
    "haven't",
    "hasn't",
    "hadn't",
    "it's",
    "i'm",
    "i've",
    "i'd",
    "i'll",
    "you're",
    "you've",
    "we're",
    "we've",
    "they're",
    "they've",
    "he's",
    "she's",
    "that's",
    "there's",
    "what's",
    "let's",
    "he'd",
    "she'd",
    "we'd",
    "they'd",
    "you'd",
    "he'll",
    "she'll",
    "we'll",
    "they'll",
    "you'll",
    "it'll",
    "who's",
    "here's",
    "ain't",
  ],
};
/** Titles and words natural's list lacks: without them "mr" would lead theme labels. */
const EXTRA_STOPWORDS: Record<string, string[]> = {
  en: ['not', 'no', 'will', 'just', 'mr', 'mrs', 'ms'],
};
const ALIASES: Record<string, string> = { nb: 'no', nn: 'no', in: 'id', iw: 'he', ua: 'uk' };
/** Elided articles and pronouns (l'école, dell'acqua) are dropped before stemming in these languages. */
const ELISION: Record<string, RegExp> = {
  fr: /^(?:[cdjlmnst]|qu|jusqu|lorsqu|puisqu)'/,
  it: /^(?:[a-z]{1,4})'/,
  ca: /^(?:[dlmnst])'/,
};

/** What a word stands for in one language; the counters are scratch space for the text being analysed. */
interface WordEntry {
  /** The word as shown in labels: as written, less an elided article or possessive ("école" for "l'école"). */
  word: string;
  /** null for a stop word or a word with no letter. */
  stem: StemEntry | null;
  seen: number;
  count: number;
}
interface StemEntry {
  stem: string;
  seen: number;
  count: number;
  best: WordEntry | null;
}

interface Language {
  stem: (word: string) => string;
  /** What a word is matched on before stemming (Arabic: without vowel marks); labels keep the word as written. */
  fold: (word: string) => string;
  /** Stop words for labels and phrases. */
  stopwords: Set<string>;
  /** Stop words left out of a story's words: the same less the contractions. */
  skipped: Set<string>;
  /** word -> entry; bounded so a long-running server does not grow without limit. */
  words: Map<string, WordEntry>;
  stems: Map<string, StemEntry>;
  stemmed: boolean;
}
const languages = new Map<string, Language>();
const CACHE_LIMIT = 400_000;

/** "pt-BR" -> "pt", "nb" -> "no"; '' when there is no language. */
export function languageCode(language: string | undefined): string {
  const primary = (language ?? '').trim().toLowerCase().split(/[-_]/)[0] ?? '';
  return ALIASES[primary] ?? primary;
}

/** Every language with a stemmer: a searched word is looked for by its stem in each. */
export const STEMMED_LANGUAGES: readonly string[] = [...Object.keys(STEMMERS), ...Object.keys(OTHER_STEMMERS)];

/** Whether there is a stemmer for this language (otherwise words are only lower-cased). */
export function hasStemmer(language: string | undefined): boolean {
  const code = languageCode(language);
  return code in STEMMERS || code in OTHER_STEMMERS;
}

/**
 * Arabic as it is searched and counted: without the optional vowel marks (harakat) and the stretching tatweel, and
 * with every alef carrying hamza or madda as a bare alef, since people type them either way.
 */
export function foldArabic(text: string): string {
  return text.replace(/[\u064B-\u065F\u0670\u0640]/g, '').replace(/[\u0622\u0623\u0625]/g, '\u0627');
}

function stemmerFor(code: string): ((word: string) => string) | undefined {
  const path = STEMMERS[code];
  if (path) {
    const stemmer = require(`natural/lib/natural/${path}`) as { stem: (w: string) => string };
    return (w) => stemmer.stem(w);
  }
  const other = OTHER_STEMMERS[code];
  return other ? (require(other) as { stemmer: (w: string) => string }).stemmer : undefined;
}

function languageFor(code: string): Language {
  let lang = languages.get(code);
  if (lang) return lang;
  const stemmer = stemmerFor(code);
  const listPath = STOPWORDS[code];
  let words: string[] = [];
  if (listPath) words = (require(`natural/lib/natural/${listPath}`) as { words: string[] }).words;
  else if (code) words = (require('stopwords-iso') as Record<string, string[] | undefined>)[code] ?? [];
  const fold = code === 'ar' ? foldArabic : (w: string) => w;
  const normal = (list: string[]) => list.map((w) => fold(w.normalize('NFC').toLowerCase()));
  const skipped = new Set(normal([...words, ...(EXTRA_STOPWORDS[code] ?? [])]));
  const stopwords = new Set([...skipped, ...normal(CONTRACTIONS[code] ?? [])]);
  lang = {
    stem: stemmer ?? ((w) => w),
    fold,
    stopwords,
    skipped,
    words: new Map(),
    stems: new Map(),
    stemmed: Boolean(stemmer),
  };
  languages.set(code, lang);
  return lang;
}

/** The stop words of a language as the engine uses them (lower-case, NFC): phrases for labels never start or end with one. */
export function stopwordsFor(language: string | undefined): ReadonlySet<string> {
  return languageFor(languageCode(language)).stopwords;
}

/** The stem a label phrase is matched on ('' for a stop word): the engine's own stemming, so "banks" meets "bank". */
export function stemWord(word: string, language: string | undefined): string {
  const code = languageCode(language);
  return entryOf(languageFor(code), code, word).stem?.stem ?? '';
}

/** The word without an elided article or English possessive, as it is stemmed and shown. */
function clean(code: string, word: string): string {
  let w = word;
  if (code === 'en' && w.endsWith("'s")) w = w.slice(0, -2);
  const elision = ELISION[code];
  if (elision) w = w.replace(elision, '');
  return w || word;
}

/** The stem of one lower-cased word (cleaned), or '' when it is a stop word or carries no letter. */
function stemOf(lang: Language, word: string, cleaned: string): string {
  const w = lang.fold(cleaned);
  if (lang.skipped.has(word) || lang.skipped.has(w) || !LETTER.test(w) || (w.length < 2 && !UNSPACED.test(w)))
    return '';
  try {
    return lang.stem(w) || w;
  } catch {
    return w; // a stemmer that trips on an unusual word must not lose the word
  }
}

function entryOf(lang: Language, code: string, word: string): WordEntry {
  let entry = lang.words.get(word);
  if (entry) return entry;
  if (lang.words.size >= CACHE_LIMIT) {
    lang.words.clear();
    lang.stems.clear();
  }
  const cleaned = clean(code, word);
  const stem = stemOf(lang, word, cleaned);
  let stemEntry: StemEntry | null = null;
  if (stem) {
    stemEntry = lang.stems.get(stem) ?? null;
    if (!stemEntry) lang.stems.set(stem, (stemEntry = { stem, seen: 0, count: 0, best: null }));
  }
  entry = { word: cleaned, stem: stemEntry, seen: 0, count: 0 };
  lang.words.set(word, entry);
  return entry;
}

let pass = 0;

/** What analyse finds, as parallel arrays in the order the stems first occur (the engine's quicker form). */
export interface Terms {
  stems: string[];
  counts: number[];
  /** The word people used most for each stem. */
  surfaces: string[];
}

/**
 * A text's stems and their counts, stop words removed, with the surface form people used most for each stem.
 * Languages natural cannot stem (or no language) keep lower-cased words as they are.
 */
export function analyse(text: string, language?: string): Analysed {
  const { stems, counts, surfaces } = analyseTerms(text, language);
  const counted = new Map<string, number>();
  const surface = new Map<string, string>();
  for (let j = 0; j < stems.length; j++) {
    counted.set(stems[j]!, counts[j]!);
    surface.set(stems[j]!, surfaces[j]!);
  }
  return { counts: counted, surface };
}

/** The same as analyse, as arrays: the engine indexes them without building and walking two maps a story. */
export function analyseTerms(text: string, language?: string): Terms {
  const code = languageCode(language);
  const lang = languageFor(code);
  const seen = ++pass;
  // Count words and stems on the cached entries themselves: one map lookup per word of the text.
  const stems: StemEntry[] = [];
  const words: WordEntry[] = [];
  for (const word of tokenize(text, code || undefined)) {
    const entry = entryOf(lang, code, word);
    const stem = entry.stem;
    if (!stem) continue;
    if (entry.seen !== seen) {
      entry.seen = seen;
      entry.count = 0;
      words.push(entry);
    }
    entry.count++;
    if (stem.seen !== seen) {
      stem.seen = seen;
      stem.count = 0;
      stem.best = null;
      stems.push(stem);
    }
    stem.count++;
  }
  // The most frequent surface form wins; on a tie, the one that came first in the text.
  for (const w of words) if (!w.stem!.best || w.count > w.stem!.best.count) w.stem!.best = w;
  const m = stems.length;
  const terms: Terms = { stems: new Array<string>(m), counts: new Array<number>(m), surfaces: new Array<string>(m) };
  for (let j = 0; j < m; j++) {
    terms.stems[j] = stems[j]!.stem;
    terms.counts[j] = stems[j]!.count;
    terms.surfaces[j] = stems[j]!.best!.word;
  }
  return terms;
}
