/**
 * Themes over very many stories (issue 20). Above SAMPLE_SIZE stories a run finds its themes on a seeded random
 * sample of that many — the same engine as any run: vocabulary and weights, LSA directions, centres, labels — then
 * assigns every story of the run to its nearest theme, a page of stored analyses at a time, each weighed and projected
 * as the sample was. Memory does not grow with the analyses: per story only its theme, nearness and map position are
 * kept (18 bytes; 18 MB for a million), so each theme's stories can be ranked by nearness and written at the end in
 * one transaction, as any run's are.
 */
import type { Db } from '../db/database.ts';
import type { AnalysisRun } from '../db/schema.ts';
import { typeScriptWorker } from '../text/worker.ts';
import { sample, seededRng } from '../text/rng.ts';
import type { ThemeOptions, ThemeResult } from '../text/types.ts';
import { docsOf } from './runs-store.ts';
import { finishAssignedRun, sampleStories, storyPage, type PlacedStories, type SampleStory } from './assigned-store.ts';
import type { StoryToPlace } from './theme-worker.ts';
import { storedWords } from '../suggestions/analysis-store.ts';

/** Stories a large run fits on (and the size from which a run samples): enough for every theme's words and phrases. */
export const SAMPLE_SIZE = 20_000;
/** Stories read, placed and let go at a time while assigning. */
export const ASSIGN_BATCH = 5_000;

export interface SampledOptions extends Pick<ThemeOptions, 'k' | 'seed'> {
  dictionaries?: string;
  sampleSize?: number;
  batch?: number;
}

type Placed = Pick<PlacedStories, 'theme' | 'score' | 'x' | 'y'>;

/** The engine in a worker thread that keeps what it found, then places batches of stories in those themes. */
function fittingWorker(
  docs: SampleStory[],
  options: SampledOptions,
  onProgress: (fraction: number, step: string) => void,
) {
  const worker = typeScriptWorker(new URL('./theme-worker.ts', import.meta.url), {
    docs,
    k: options.k,
    seed: options.seed,
    dictionaries: options.dictionaries,
    assign: true,
  });
  let waiting: { resolve: (v: never) => void; reject: (e: Error) => void } | undefined;
  const wait = <T>() => new Promise<T>((resolve, reject) => (waiting = { resolve: resolve as never, reject }));
  const fail = (err: Error) => waiting?.reject(err);
  worker.on('message', (m: { type: string; fraction: number; step: string; message: string; result: ThemeResult }) => {
    if (m.type === 'progress') onProgress(m.fraction, m.step);
    else if (m.type === 'failed') fail(new Error(m.message));
    else waiting?.resolve((m.type === 'done' ? m.result : m) as never);
  });
  worker.on('error', fail);
  worker.on('exit', (code) => fail(new Error(`The analysis stopped unexpectedly (code ${code}).`)));
  const fitted = wait<ThemeResult>();
  return {
    fitted,
    place(stories: StoryToPlace[]): Promise<Placed> {
      const placed = wait<Placed>();
      worker.postMessage(stories);
      return placed;
    },
    stop: () => void worker.terminate(),
  };
}

/** The run's story ids, sorted. */
function runStoryIds(run: AnalysisRun): Int32Array {
  return Int32Array.from(JSON.parse(run.story_ids) as number[]).sort();
}

/** Does this run fit on a sample? Runs by domain do not (each domain's run would need its own). */
export function samples(run: AnalysisRun, sampleSize = SAMPLE_SIZE): boolean {
  const byDomain = (JSON.parse(run.filters) as { byDomain?: boolean }).byDomain === true;
  return !byDomain && run.story_ids.length > sampleSize && runStoryIds(run).length > sampleSize;
}

const count = (n: number) => n.toLocaleString('en');

/** Starts the worker on the sample; the sample's words are let go here once the worker has its copy. */
async function fitOnSample(
  db: Db,
  run: AnalysisRun,
  picked: number[],
  options: SampledOptions,
  onProgress: (fraction: number, step: string) => void,
) {
  const docs = await sampleStories(db, run, picked);
  if (docs.length === 0)
    throw new Error('There are no stories to analyse: none recorded yet, or none match the filters.');
  const fitStep = `Finding themes on a sample of ${count(docs.length)} stories`;
  return fittingWorker(docs, options, (f, step) => onProgress(0.3 * f, `${fitStep}: ${step}`));
}

export async function themesOnSample(
  db: Db,
  run: AnalysisRun,
  options: SampledOptions,
  onProgress: (fraction: number, step: string) => void,
): Promise<void> {
  const wanted = runStoryIds(run);
  const size = options.sampleSize ?? SAMPLE_SIZE;
  const batch = options.batch ?? ASSIGN_BATCH;
  const picked = sample(seededRng(options.seed), wanted.length, size)
    .map((i) => wanted[i]!)
    .sort((a, b) => a - b);
  const worker = await fitOnSample(db, run, picked, options, onProgress);
  try {
    const fit = await worker.fitted;
    const n = wanted.length;
    const placed: PlacedStories = {
      n: 0,
      ids: new Int32Array(n),
      theme: new Int32Array(n),
      score: new Float32Array(n),
      x: new Float32Array(n),
      y: new Float32Array(n),
    };
    let at = 0; // position in `wanted`, which is in id order as the pages are
    /** One page of the run's stories with their stored words, ready to place. */
    const read = async (after: number) => {
      const page = await storyPage(db, run, after, batch);
      if (page.length === 0) return null;
      const mine = page.filter((s) => {
        while (at < n && wanted[at]! < s.id) at++;
        return wanted[at] === s.id;
      });
      const words = await storedWords(
        db,
        mine.map((s) => s.id),
      );
      // A story with no stored analysis (not expected) is read from its words.
      const unread = mine.filter((s) => !words.has(s.id));
      const texts = new Map((unread.length ? await docsOf(db, unread) : []).map((d) => [Number(d.id), d.text]));
      return {
        last: page[page.length - 1]!.id,
        passed: at,
        ids: mine.map((s) => s.id),
        stories: mine.map((s) => ({
          counts: words.get(s.id)?.counts ?? null,
          text: texts.get(s.id) ?? null,
          language: s.language,
        })),
      };
    };
    onProgress(0.3, `Assigning stories: 0 of ${count(n)}`);
    let next = read(0);
    for (;;) {
      const page = await next;
      if (!page) break;
      // The next page is read from the database while the worker places this one (two cores at work).
      next = read(page.last);
      next.catch(() => {}); // awaited next time round; a failure meanwhile must not go unhandled
      const result = page.ids.length ? await worker.place(page.stories) : null;
      if (result) {
        const from = placed.n;
        placed.ids.set(page.ids, from);
        placed.theme.set(result.theme, from);
        placed.score.set(result.score, from);
        placed.x.set(result.x, from);
        placed.y.set(result.y, from);
        placed.n += page.ids.length;
      }
      onProgress(0.3 + (0.65 * page.passed) / n, `Assigning stories: ${count(page.passed)} of ${count(n)}`);
    }
    onProgress(0.95, `Saving the themes of ${count(placed.n)} stories`);
    await finishAssignedRun(db, run, fit, placed);
  } finally {
    worker.stop();
  }
}
