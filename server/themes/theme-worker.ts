/** Runs the theme engine in a worker thread, so a long analysis never blocks the pages. */
import { parentPort, workerData } from 'node:worker_threads';
import { findThemes } from '../text/engine.ts';
import type { Doc, ThemeOptions } from '../text/types.ts';

const { docs, k, seed, dictionaries } = workerData as {
  docs: Doc[];
  k: ThemeOptions['k'];
  seed: number;
  dictionaries?: string;
};
try {
  const result = findThemes(docs, {
    k,
    seed,
    dictionaries,
    onProgress: (fraction, step) => parentPort!.postMessage({ type: 'progress', fraction, step }),
  });
  parentPort!.postMessage({ type: 'done', result });
} catch (err) {
  parentPort!.postMessage({ type: 'failed', message: (err as Error).message });
}
