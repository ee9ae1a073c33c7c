/**
 * Reading and saving a theme run over very many stories (see sampled.ts): its sample's words, its stories a page at
 * a time, and at the end every story's place, written in one transaction as finishRun writes a run's results.
 */
import type { Db } from '../db/database.ts';
import type { AnalysisRun } from '../db/schema.ts';
import { storiesFor } from '../stories/consent.ts';
import { storedWords } from '../suggestions/analysis-store.ts';
import { NO_SHARED_THEME, NO_WORDS_THEME } from '../text/assign.ts';
import { NO_SHARED_WORDS, NO_WORDS } from '../text/engine.ts';
import type { ThemeResult } from '../text/types.ts';
import { docsOf, markRunDone } from './runs-store.ts';

/** Every story of a run, where the assignment put it; in story id order. */
export interface PlacedStories {
  n: number;
  ids: Int32Array;
  theme: Int32Array;
  score: Float32Array;
  x: Float32Array;
  y: Float32Array;
}

const inquiryStories = (db: Db, run: AnalysisRun) =>
  storiesFor(db, run.alliance_id).where('stories.inquiry_id', '=', run.inquiry_id);

/** The run's stories (that outputs may still use) after `afterId`, in id order: one page of the assignment. */
export function storyPage(db: Db, run: AnalysisRun, afterId: number, limit: number) {
  return inquiryStories(db, run)
    .where('stories.id', '>', afterId)
    .select(['stories.id', 'stories.title', 'stories.language'])
    .orderBy('stories.id')
    .limit(limit)
    .execute();
}

/** A story of the sample: its words, and its stored analysis as stored (JSON), read in the worker. */
export interface SampleStory {
  id: string;
  text: string;
  language: string;
  counts?: string;
  surface?: string;
}

/** The sample's stories: their text (for labels) and stored analyses, in id order. */
export async function sampleStories(db: Db, run: AnalysisRun, ids: number[]): Promise<SampleStory[]> {
  const stories: { id: number; title: string; language: string }[] = [];
  for (let i = 0; i < ids.length; i += 5000)
    stories.push(
      ...(await inquiryStories(db, run)
        .where('stories.id', 'in', ids.slice(i, i + 5000))
        .select(['stories.id', 'stories.title', 'stories.language'])
        .orderBy('stories.id')
        .execute()),
    );
  const words = await storedWords(
    db,
    stories.map((s) => s.id),
    true,
  );
  return (await docsOf(db, stories)).map((doc, i) => ({ ...doc, ...words.get(stories[i]!.id) }));
}

/**
 * Saves the themes found on the sample with every story assigned, and marks the run done, in one transaction.
 * Within a theme stories are ranked by nearness to its centre (the highest cosine first, then by id); the stories
 * with no words, or none shared, go in the engine's two themes for them, in id order. Stories withdrawn meanwhile
 * are left out.
 */
export async function finishAssignedRun(
  db: Db,
  run: AnalysisRun,
  fit: ThemeResult,
  placed: PlacedStories,
  now = new Date(),
): Promise<void> {
  const { n, ids, theme, score } = placed;
  const themes = fit.themes.slice(0, fit.k).map((t) => ({ label: t.label, terms: t.terms, key: 0 }));
  themes.forEach((t, a) => (t.key = a));
  themes.push(
    { label: NO_WORDS, terms: [], key: NO_WORDS_THEME },
    { label: NO_SHARED_WORDS, terms: [], key: NO_SHARED_THEME },
  );
  // The map's scale: the largest extent of any story placed, as themeMap scales into [-1, 1].
  let extent = 1e-12;
  for (let i = 0; i < n; i++)
    if (theme[i]! >= 0) extent = Math.max(extent, Math.abs(placed.x[i]!), Math.abs(placed.y[i]!));
  const special = (i: number) => theme[i]! < 0;
  // Grouped in the order the themes are written (the two for stories set apart last), nearest first.
  const slot = (i: number) => (theme[i]! >= 0 ? theme[i]! : fit.k - 1 - theme[i]!);
  const order = Int32Array.from({ length: n }, (_, i) => i).sort(
    (a, b) => slot(a) - slot(b) || (special(a) ? 0 : score[b]! - score[a]!) || ids[a]! - ids[b]!,
  );
  let k = 0;
  await db.transaction().execute(async (trx) => {
    // Stories withdrawn since they were read: both lists are in id order, so one walk marks them.
    const gone = new Uint8Array(n).fill(1);
    for (let after = 0, at = 0; ;) {
      const page = await inquiryStories(trx, run)
        .where('stories.id', '>', after)
        .select('stories.id')
        .orderBy('stories.id')
        .limit(50_000)
        .execute();
      for (const { id } of page) {
        while (at < n && ids[at]! < id) at++;
        if (at < n && ids[at] === id) gone[at] = 0;
      }
      if (page.length < 50_000) break;
      after = page[page.length - 1]!.id;
    }
    let from = 0;
    let position = 0;
    for (const t of themes) {
      let to = from;
      while (to < n && theme[order[to]!] === t.key) to++;
      const members = order.subarray(from, to).filter((i) => !gone[i]);
      from = to;
      // A theme no story came nearest (possible only when assigning) is left out, as are empty ones for stories set apart.
      if (members.length === 0) continue;
      if (t.key >= 0) k++;
      const row = await trx
        .insertInto('themes')
        .values({
          run_id: run.id,
          inquiry_id: run.inquiry_id,
          position: position++,
          label: t.label,
          name: null,
          terms: JSON.stringify(t.terms),
          status: 'suggested',
          merged_into: null,
          tag_id: null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      for (let r = 0; r < members.length; r += 1000)
        await trx
          .insertInto('theme_stories')
          .values(
            Array.from(members.subarray(r, r + 1000), (i, j) => ({
              theme_id: row.id,
              story_id: ids[i]!,
              rank: r + j,
              x: special(i) ? 0 : placed.x[i]! / extent,
              y: special(i) ? 0 : placed.y[i]! / extent,
            })),
          )
          .execute();
    }
    await markRunDone(trx, run, { k, criterion: fit.criterion }, now);
  });
}
