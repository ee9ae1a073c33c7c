/**
 * Runs the theme engine in a worker thread, so a long analysis never blocks the pages. Asked to `assign`, it keeps
 * what it learnt and then places batches of further stories (their stored words) in the themes it found.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { NO_SHARED_THEME, NO_WORDS_THEME, type ThemeModel } from '../text/assign.ts';
import { fromJson } from '../text/analysis-json.ts';
import { findThemes } from '../text/engine.ts';
import { analyse } from '../text/text.ts';
import type { Doc, ThemeOptions } from '../text/types.ts';

/** A story to place: its stored counts (JSON), or its words when it has none stored. */
export interface StoryToPlace {
  counts: string | null;
  text: string | null;
  language: string;
}

const { k, seed, dictionaries, assign } = workerData as {
  docs: (Doc & { counts?: string; surface?: string })[];
  k: ThemeOptions['k'];
  seed: number;
  dictionaries?: string;
  assign?: boolean;
};
// A story's stored analysis is read when the engine comes to it, and let go once indexed (memory at scale).
const docs = (workerData as { docs: (Doc & { counts?: string; surface?: string })[] }).docs.map(
  ({ counts, surface, ...doc }): Doc =>
    counts === undefined
      ? doc
      : Object.defineProperty(doc, 'analysed', {
          get: () => fromJson({ counts, surface: surface ?? '{}' }),
          enumerable: false,
        }),
);
(workerData as { docs: unknown }).docs = undefined;
let model: ThemeModel | undefined;
try {
  const result = findThemes(docs, {
    k,
    seed,
    dictionaries,
    onProgress: (fraction, step) => parentPort!.postMessage({ type: 'progress', fraction, step }),
    onModel: assign ? (m) => (model = m) : undefined,
  });
  parentPort!.postMessage({ type: 'done', result });
} catch (err) {
  parentPort!.postMessage({ type: 'failed', message: (err as Error).message });
}

if (assign)
  parentPort!.on('message', (stories: StoryToPlace[]) => {
    const n = stories.length;
    const placed = {
      type: 'placed',
      theme: new Int32Array(n),
      score: new Float32Array(n),
      x: new Float32Array(n),
      y: new Float32Array(n),
    };
    stories.forEach((s, i) => {
      const analysed = s.counts ? fromJson({ counts: s.counts, surface: '{}' }) : analyse(s.text ?? '', s.language);
      // With no model the sample had no words to compare: a story is wordless or shares none.
      const p = model
        ? model.place(analysed, s.language)
        : { theme: analysed.counts.size ? NO_SHARED_THEME : NO_WORDS_THEME, score: 0, x: 0, y: 0 };
      placed.theme[i] = p.theme;
      placed.score[i] = p.score;
      placed.x[i] = p.x;
      placed.y[i] = p.y;
    });
    parentPort!.postMessage(placed, [placed.theme.buffer, placed.score.buffer, placed.x.buffer, placed.y.buffer]);
  });
