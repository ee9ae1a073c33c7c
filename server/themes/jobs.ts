/**
 * The background job runner for theme runs. Each app server polls for queued runs and claims one at a time (the
 * claim is atomic, so a run is worked on once even with several servers); the engine runs in a worker thread and
 * its progress is written to the run for the page to show.
 */
import { hostname } from 'node:os';
import type { Db } from '../db/database.ts';
import type { AnalysisRun } from '../db/schema.ts';
import { themesByDomain } from './by-domain.ts';
import { SAMPLE_SIZE, samples, themesOnSample, type SampledOptions } from './sampled.ts';
import {
  claimRun,
  failAbandonedRuns,
  failRun,
  finishRun,
  recordSample,
  reportProgress,
  storyTexts,
} from './runs-store.ts';
import { typeScriptWorker } from '../text/worker.ts';
import type { Doc, ThemeOptions, ThemeResult } from '../text/types.ts';

/** The engine in a worker thread (its module loaded through tsx, like the rest of Hearth). */
export function themesInWorker(
  docs: Doc[],
  options: Pick<ThemeOptions, 'k' | 'seed'> & { dictionaries?: string },
  onProgress: (fraction: number, step: string) => void,
): Promise<ThemeResult> {
  return new Promise((resolve, reject) => {
    const worker = typeScriptWorker(new URL('./theme-worker.ts', import.meta.url), { docs, ...options });
    worker.on(
      'message',
      (m: { type: string; fraction: number; step: string; result: ThemeResult; message: string }) => {
        if (m.type === 'progress') onProgress(m.fraction, m.step);
        else if (m.type === 'done') resolve(m.result);
        else reject(new Error(m.message));
      },
    );
    worker.on('error', reject);
    worker.on('exit', (code) => code !== 0 && reject(new Error(`The analysis stopped unexpectedly (code ${code}).`)));
  });
}

export class ThemeJobs {
  private timer?: NodeJS.Timeout;
  private busy = false;
  readonly server = `${hostname()}:${process.pid}`;

  constructor(
    private db: Db,
    /** Where the bilingual dictionaries are, for runs over stories in several languages. */
    private dictionaries?: string,
    /** How large a run fits on a sample, and how many stories are assigned at a time (smaller in tests). */
    private scale: Pick<SampledOptions, 'sampleSize' | 'batch'> = {},
  ) {}

  async start(everyMs = 1000): Promise<void> {
    await failAbandonedRuns(this.db, 30);
    this.timer = setInterval(() => void this.tick().catch(() => {}), everyMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** Works on one queued run if there is one; true when it did. */
  async tick(): Promise<boolean> {
    if (this.busy) return false;
    this.busy = true;
    try {
      const run = await claimRun(this.db, this.server);
      if (!run) return false;
      await this.work(run);
      return true;
    } finally {
      this.busy = false;
    }
  }

  private async work(run: AnalysisRun): Promise<void> {
    try {
      let last = 0;
      let lastStep = '';
      const progress = (fraction: number, step: string) => {
        // A few writes a second at most, and each new step at once (its name is what comes before any colon).
        const name = step.split(':')[0]!;
        if (Date.now() - last < 250 && name === lastStep) return;
        last = Date.now();
        lastStep = name;
        void reportProgress(this.db, run.id, fraction, step);
      };
      const options = {
        k: run.k_requested === 'auto' ? ('auto' as const) : Number(run.k_requested),
        seed: run.seed,
        dictionaries: this.dictionaries,
      };
      if (samples(run, this.scale.sampleSize)) {
        await recordSample(this.db, run, this.scale.sampleSize ?? SAMPLE_SIZE);
        return await themesOnSample(this.db, run, { ...options, ...this.scale }, progress);
      }
      const docs = await storyTexts(this.db, run);
      if (docs.length === 0)
        throw new Error('There are no stories to analyse: none recorded yet, or none match the filters.');
      const byDomain = (JSON.parse(run.filters) as { byDomain?: boolean }).byDomain === true;
      const result = byDomain
        ? await themesByDomain(docs, options, themesInWorker, progress)
        : await themesInWorker(
            docs.map(({ domain: _, ...doc }) => doc),
            options,
            progress,
          );
      await finishRun(this.db, run, result);
    } catch (err) {
      await failRun(this.db, run.id, (err as Error).message);
    }
  }
}
