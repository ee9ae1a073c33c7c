/**
 * A bridge between languages for themes: French, Spanish and Arabic word stems mapped to English concept stems
 * through the FreeDict bilingual dictionaries (Debian's dict-freedict-fra-eng, -spa-eng, -ara-eng: dictd files, an
 * `.index` of headwords with base64 offsets into a gzipped `.dict.dz`). So « loyer », « إيجار » and "rent" meet on
 * one feature, and an inquiry with stories in several languages can group them by what they are about.
 * A language's dictionary is read once per process, when first needed. Plain computation and files: no db, no web.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { fillersFor } from './fillers.ts';
import { foldArabic, languageCode, stemWord, tokenize } from './text.ts';
import type { Analysed } from './types.ts';

/** Where Debian installs dictd dictionaries; HEARTH_DICTIONARIES (read in server/config.ts) may say otherwise. */
export const DEFAULT_DICTIONARIES = '/usr/share/dictd';
/** The dictionary of each language bridged to English, and the Debian package that has it. */
export const DICTIONARIES: Readonly<Record<string, { file: string; package: string }>> = {
  fr: { file: 'freedict-fra-eng', package: 'dict-freedict-fra-eng' },
  es: { file: 'freedict-spa-eng', package: 'dict-freedict-spa-eng' },
  ar: { file: 'freedict-ara-eng', package: 'dict-freedict-ara-eng' },
};
/** English translations read per headword (the first are the usual senses; later ones drift). */
const TRANSLATIONS = 3;
/** English concepts kept per foreign stem, most agreed on first (several headwords can share a stem). */
const CONCEPTS = 3;

export interface Bridge {
  language: string;
  /**
   * The English concept stems of a word of this language: those of its own entry when the dictionary has the word
   * as written, else those its stem's entries agree on; undefined when the dictionary has neither.
   */
  concepts(stem: string, word?: string): readonly string[] | undefined;
  /** How many stems and how many words of the language have concepts. */
  size: number;
  words: number;
  /** How long reading the dictionary took, in milliseconds. */
  loadMs: number;
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
/** dictd's numbers: base64 digits, most significant first. */
export function dictdNumber(text: string): number {
  let n = 0;
  for (const c of text) {
    const d = B64.indexOf(c);
    if (d < 0) throw new Error(`"${text}" is not a dictd base64 number.`);
    n = n * 64 + d;
  }
  return n;
}

/** The English translations of one entry, in order: "logement /…/ <n>\nabode, dwelling\n" -> abode, dwelling. */
export function translationsOf(entry: string): string[] {
  const out: string[] = [];
  for (const line of entry.split('\n').slice(1)) {
    const text = line
      .replace(/^\s*\d+\.\s*/, '')
      .replace(/\([^)]*\)|<[^>]*>/g, ' ')
      .trim();
    for (const part of text.split(/[,;]/)) if (part.trim()) out.push(part.trim().toLowerCase());
  }
  return out;
}

/** A translation's English stem: the word itself, or the last content word of a phrase ("boarding house" -> hous). */
function englishStem(translation: string, fillers: ReadonlySet<string>): { stem: string; single: boolean } | undefined {
  const stems = tokenize(translation, 'en')
    .filter((w) => !fillers.has(w))
    .map((w) => stemWord(w, 'en'))
    .filter(Boolean);
  return stems.length ? { stem: stems[stems.length - 1]!, single: stems.length === 1 } : undefined;
}

export function dictionaryPaths(language: string, dir = DEFAULT_DICTIONARIES): { index: string; dict: string } | null {
  const known = DICTIONARIES[languageCode(language)];
  if (!known) return null;
  return { index: join(dir, `${known.file}.index`), dict: join(dir, `${known.file}.dict.dz`) };
}

/** Whether the dictionary of a language is there to read (false for a language with no dictionary at all). */
export function hasDictionary(language: string, dir = DEFAULT_DICTIONARIES): boolean {
  const paths = dictionaryPaths(language, dir);
  return Boolean(paths && existsSync(paths.index) && existsSync(paths.dict));
}

/** The languages among these that could be bridged but whose dictionary is missing. */
export function missingDictionaries(languages: Iterable<string>, dir = DEFAULT_DICTIONARIES): string[] {
  const codes = new Set([...languages].map(languageCode));
  return [...codes].filter((c) => c in DICTIONARIES && !hasDictionary(c, dir)).sort();
}

/** Arabic words are often written with the article or a joined "and": « والإيجار » is looked up as « إيجار ». */
function lookupForms(word: string, code: string): string[] {
  const w = code === 'ar' ? foldArabic(word) : word;
  if (code !== 'ar') return [w];
  const bare = w.replace(/^(?:و|ف|ب|ل)?(?:ال|لل)/, '');
  return bare !== w && bare.length >= 2 ? [w, bare] : [w];
}

type Votes = Map<string, Map<string, [number, number]>>;
function vote(votes: Votes, key: string, concepts: string[], weight: number, order: number): void {
  let map = votes.get(key);
  if (!map) votes.set(key, (map = new Map()));
  concepts.forEach((c, i) => {
    const v = map.get(c) ?? [0, order + i];
    v[0] += weight / (i + 1); // an entry's first translation counts most
    map.set(c, v);
  });
}
function best(votes: Votes): Map<string, readonly string[]> {
  const out = new Map<string, readonly string[]>();
  for (const [key, concepts] of votes)
    if (concepts.size)
      out.set(
        key,
        [...concepts]
          .sort((a, b) => b[1][0] - a[1][0] || a[1][1] - b[1][1])
          .slice(0, CONCEPTS)
          .map(([c]) => c),
      );
  return out;
}

/**
 * Reads a dictionary into word -> concepts and stem -> concepts. An entry's translations are ranked by how many
 * entries of the dictionary share them, then by their place: the Arabic dictionary lists them alphabetically
 * ("Abode, Bungalow, Billet, House"), and the widely shared word is the plain one.
 */
function readBridge(code: string, paths: { index: string; dict: string }): Bridge {
  const started = performance.now();
  const body = gunzipSync(readFileSync(paths.dict));
  const fillers = fillersFor(code);
  const englishFillers = fillersFor('en');
  const entries: { forms: string[]; stem: string; translations: string[] }[] = [];
  const shared = new Map<string, number>();
  for (const line of readFileSync(paths.index, 'utf8').split('\n')) {
    const [headword, offset, length] = line.split('\t');
    if (!headword || !offset || !length || headword.startsWith('00database')) continue;
    const words = tokenize(headword, code);
    if (words.length !== 1 || fillers.has(words[0]!)) continue; // phrases and filler words bridge nothing
    const stem = stemWord(words[0]!, code);
    if (!stem) continue;
    const start = dictdNumber(offset);
    const found = translationsOf(body.toString('utf8', start, start + dictdNumber(length)))
      .map((t) => englishStem(t, englishFillers))
      .filter((t) => t !== undefined);
    // Single-word translations first: "rent, rent money" is about rent.
    const translations = [
      ...new Set([...found.filter((t) => t.single), ...found.filter((t) => !t.single)].map((t) => t.stem)),
    ];
    for (const t of translations) shared.set(t, (shared.get(t) ?? 0) + 1);
    entries.push({ forms: lookupForms(words[0]!, code), stem, translations });
  }
  const byWord: Votes = new Map();
  const byStem: Votes = new Map();
  let order = 0;
  for (const { forms, stem, translations } of entries) {
    const ranked = translations
      .map((t, i) => [t, Math.log(1 + shared.get(t)!) / (1 + 0.3 * i)] as const)
      .sort((a, b) => b[1] - a[1])
      .slice(0, TRANSLATIONS)
      .map(([t]) => t);
    // « الإيجار » also stands for « إيجار », less than an entry of its own would.
    forms.forEach((form, i) => vote(byWord, form, ranked, i === 0 ? 1 : 0.5, order));
    // Headwords longer than the stem count less for it: « loi » speaks for the stem "loi" more than « loyer ».
    vote(byStem, stem, ranked, 1 / (1 + Math.abs(forms[0]!.length - stem.length)), order);
    order += ranked.length;
  }
  const words = best(byWord);
  const stems = best(byStem);
  return {
    language: code,
    concepts: (stem, word) => {
      if (word) for (const form of lookupForms(word, code)) if (words.has(form)) return words.get(form);
      return stems.get(stem);
    },
    size: stems.size,
    words: words.size,
    loadMs: performance.now() - started,
  };
}

const bridges = new Map<string, Bridge | null>();

/**
 * The bridge of a language to English, read on first use and kept for the process; null when the language has no
 * dictionary or its files are missing (then its stories keep their own words only).
 */
export function bridgeFor(language: string, dir = DEFAULT_DICTIONARIES): Bridge | null {
  const code = languageCode(language);
  const key = `${dir}\u0000${code}`;
  if (bridges.has(key)) return bridges.get(key)!;
  const paths = dictionaryPaths(code, dir);
  const bridge = paths && hasDictionary(code, dir) ? readBridge(code, paths) : null;
  bridges.set(key, bridge);
  return bridge;
}

/** A word's English concept stems (for English, its own stem); [] when the dictionary has none or is missing. */
export function conceptsOfWord(word: string, language: string, dir = DEFAULT_DICTIONARIES): readonly string[] {
  const code = languageCode(language);
  const stem = stemWord(word.normalize('NFC').toLowerCase(), code);
  if (!stem) return [];
  if (code === 'en') return [stem];
  return bridgeFor(code, dir)?.concepts(stem, word.normalize('NFC').toLowerCase()) ?? [];
}

/** Marks a feature as a story's own word rather than a shared concept: "fr:loi" for « loyer ». */
export const ORIGINAL = ':';

/**
 * A story's stems as the theme engine counts them across languages: English stems are the concepts themselves;
 * another language's stems add their English concepts (shown in the story's own word) and keep the word itself,
 * marked with its language, so it still counts and labels stay in the story's words.
 */
export function bridged(analysed: Analysed, language: string, bridge: Bridge | null): Analysed {
  const code = languageCode(language);
  if (code === 'en' || code === '') return analysed;
  const counts = new Map<string, number>();
  const surface = new Map<string, string>();
  const weight = new Map<string, number>();
  const add = (key: string, n: number, form: string) => {
    counts.set(key, (counts.get(key) ?? 0) + n);
    // A concept reached by several words shows the one used most.
    if ((weight.get(key) ?? 0) < n) {
      weight.set(key, n);
      surface.set(key, form);
    }
  };
  for (const [stem, n] of analysed.counts) {
    const form = analysed.surface.get(stem) ?? stem;
    for (const concept of bridge?.concepts(stem, form) ?? []) add(concept, n, form);
    add(`${code}${ORIGINAL}${stem}`, n, form);
  }
  return { counts, surface };
}
