/**
 * Theme runs in a Hearth JSON export (server/exports/format.ts): reading an inquiry's finished runs for an export,
 * and writing the runs of an imported file, with their themes and where each story sits on the map.
 */
import type { Db } from '../db/database.ts';
import type { HearthExport } from '../exports/format.ts';
import type { Audience } from '../stories/consent.ts';
import { numberedName, themesShownTo } from './theme-words.ts';

/**
 * The inquiry's finished runs, their themes and the stories in each, in a fixed order. A funders' export holds only
 * themes with a story funders may see, named only by such stories' words (themesShownTo).
 */
export async function analysisForExport(db: Db, inquiry: { id: number; alliance_id: number }, audience: Audience) {
  const runs = await db
    .selectFrom('analysis_runs')
    .selectAll()
    .where('alliance_id', '=', inquiry.alliance_id)
    .where('inquiry_id', '=', inquiry.id)
    .where('status', '=', 'done')
    .orderBy('id')
    .execute();
  const runIds = runs.length ? runs.map((r) => r.id) : [0];
  const stored = await db
    .selectFrom('themes')
    .selectAll()
    .where('run_id', 'in', runIds)
    .orderBy('run_id')
    .orderBy('position')
    .orderBy('id')
    .execute();
  // The team's export is the team's record: what is stored, withdrawn stories' words already gone from it.
  const themes = audience === 'funders' ? await themesShownTo(db, inquiry.alliance_id, stored, audience) : stored;
  const themeIds = themes.length ? themes.map((t) => t.id) : [0];
  const themeStories = await db
    .selectFrom('theme_stories')
    .selectAll()
    .where('theme_id', 'in', themeIds)
    .orderBy('theme_id')
    .orderBy('rank')
    .orderBy('story_id')
    .execute();
  // A codebook tag made from a theme the engine named carries its label as it was: funders get the theme's words
  // as they are shown to them instead (or its number, when they see none of its stories).
  const shownLabel = new Map(themes.map((t) => [t.id, t.label]));
  const tagNames = new Map<number, string>();
  if (audience === 'funders')
    for (const theme of stored)
      if (theme.tag_id !== null && theme.name === null)
        tagNames.set(theme.tag_id, shownLabel.get(theme.id) || numberedName(theme.position));
  return { runs, themes, themeStories, tagNames };
}

/**
 * Writes the runs of an imported inquiry, inside the import's transaction, with the file's domain, tag and story
 * ids mapped to the new ones. Runs come in finished: nothing is left for the job queue to do.
 */
export async function importAnalysis(
  trx: Db,
  allianceId: number,
  inquiryId: number,
  runs: HearthExport['analysis_runs'],
  mapped: { domains: Map<number, number>; tags: Map<number, number>; story: (code: string) => number },
): Promise<void> {
  const { domains, tags, story } = mapped;
  for (const run of runs) {
    const filters = {
      ...run.filters,
      ...(typeof run.filters.domainId === 'number' ? { domainId: domains.get(run.filters.domainId) ?? null } : {}),
    };
    const row = await trx
      .insertInto('analysis_runs')
      .values({
        alliance_id: allianceId,
        inquiry_id: inquiryId,
        status: 'done',
        progress: 1,
        step: '',
        k_requested: run.k_requested,
        k: run.k,
        seed: run.seed,
        filters: JSON.stringify(filters),
        story_ids: JSON.stringify(run.stories.map(story)),
        criterion: JSON.stringify(run.criterion),
        error: '',
        claimed_by: null,
        created_by: null,
        created_at: run.created_at,
        started_at: run.created_at,
        finished_at: run.finished_at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const themes = new Map<number, number>();
    for (const th of run.themes) {
      const theme = await trx
        .insertInto('themes')
        .values({
          run_id: row.id,
          inquiry_id: inquiryId,
          position: th.position,
          label: th.label,
          name: th.name,
          terms: JSON.stringify(th.terms),
          status: th.status,
          merged_into: null,
          tag_id: th.tag === null ? null : (tags.get(th.tag) ?? null),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      themes.set(th.id, theme.id);
      for (const x of th.stories)
        await trx
          .insertInto('theme_stories')
          .values({ theme_id: theme.id, story_id: story(x.story), rank: x.rank, x: x.x, y: x.y })
          .execute();
    }
    // A theme may be merged into one listed after it: link them once all of the run's themes exist.
    for (const th of run.themes) {
      if (th.merged_into !== null)
        await trx
          .updateTable('themes')
          .set({ merged_into: themes.get(th.merged_into)! })
          .where('id', '=', themes.get(th.id)!)
          .execute();
    }
  }
}
