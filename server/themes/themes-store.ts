/**
 * Themes found by a run, and what people do with them: rename, merge, discard, or turn into a codebook tag.
 * Themes are suggestions: nothing here changes a story. Every query names the alliance through the run.
 */
import { expressionBuilder } from 'kysely';
import { recordAudit, type Actor } from '../audit/store.ts';
import type { Db } from '../db/database.ts';
import type { AnalysisRun, Database, Inquiry, ThemeRow, ThemeStatus } from '../db/schema.ts';
import { tagStoriesWith } from '../codebook/tagging-store.ts';
import { domainName } from '../inquiries/inquiries-store.ts';
import { quotableColumn, storiesFor, type Audience } from '../stories/consent.ts';
import { onStory } from '../stories/hooks.ts';
import { docsOf } from './runs-store.ts';
import { forgetThemePlaces, tagFromTheme, themesShownTo } from './theme-words.ts';
import { byIdSlices } from '../db/id-lists.ts';

export interface ThemeSummary extends ThemeRow {
  size: number;
  /** The stories nearest the centre: code and title, for the page. */
  examples: { id: number; code: string; title: string }[];
}

/** Themes still in play (not merged away), with sizes and a few examples, counting only stories outputs may show. */
export async function listThemes(db: Db, run: AnalysisRun, examplesEach = 3): Promise<ThemeSummary[]> {
  const themes = await db
    .selectFrom('themes')
    .selectAll()
    .where('run_id', '=', run.id)
    .where('status', '!=', 'merged')
    .orderBy('position')
    .execute();
  const members = await storiesFor(db, run.alliance_id)
    .innerJoin('theme_stories', 'theme_stories.story_id', 'stories.id')
    .innerJoin('themes', 'themes.id', 'theme_stories.theme_id')
    .where('themes.run_id', '=', run.id)
    .select(['theme_stories.theme_id', 'theme_stories.rank', 'stories.id', 'stories.code', 'stories.title'])
    .orderBy('theme_stories.theme_id')
    .orderBy('theme_stories.rank')
    .execute();
  return themes.map((theme) => {
    const mine = members.filter((m) => m.theme_id === theme.id);
    return {
      ...theme,
      size: mine.length,
      examples: mine.slice(0, examplesEach).map(({ id, code, title }) => ({ id, code, title })),
    };
  });
}

export async function findTheme(
  db: Db,
  allianceId: number,
  themeId: number,
): Promise<{ theme: ThemeRow; run: AnalysisRun } | undefined> {
  const theme = await db.selectFrom('themes').selectAll().where('id', '=', themeId).executeTakeFirst();
  if (!theme) return undefined;
  const run = await db
    .selectFrom('analysis_runs')
    .selectAll()
    .where('id', '=', theme.run_id)
    .where('alliance_id', '=', allianceId)
    .executeTakeFirst();
  return run ? { theme, run } : undefined;
}

/** Every story of a theme that outputs may show, nearest the centre first. */
export function themeStories(db: Db, run: AnalysisRun, themeId: number) {
  return storiesFor(db, run.alliance_id)
    .innerJoin('theme_stories', 'theme_stories.story_id', 'stories.id')
    .where('theme_stories.theme_id', '=', themeId)
    .select((eb) => [
      'stories.id',
      'stories.code',
      'stories.title',
      'stories.language',
      'stories.word_count',
      domainName(eb.ref('stories.domain_id')).as('domain_name'),
      'theme_stories.rank',
      'theme_stories.x',
      'theme_stories.y',
      'theme_stories.theme_id',
    ])
    .orderBy('theme_stories.rank')
    .execute();
}

/** The ids of a theme's stories, as a subquery for a filter on stories (`where('stories.id', 'in', …)`). */
export function themeStoryIds(themeId: number) {
  return expressionBuilder<Database>()
    .selectFrom('theme_stories')
    .select('theme_stories.story_id')
    .where('theme_stories.theme_id', '=', themeId);
}

/** Themes of the inquiry's latest finished run that people kept or have not yet judged, to filter stories by. */
export async function themeChoices(db: Db, inquiry: Inquiry): Promise<{ id: number; name: string }[]> {
  const run = await db
    .selectFrom('analysis_runs')
    .select('id')
    .where('alliance_id', '=', inquiry.alliance_id)
    .where('inquiry_id', '=', inquiry.id)
    .where('status', '=', 'done')
    .orderBy('id', 'desc')
    .executeTakeFirst();
  if (!run) return [];
  const themes = await db
    .selectFrom('themes')
    .select(['id', 'label', 'name'])
    .where('run_id', '=', run.id)
    .where('status', 'in', ['kept', 'suggested'])
    .orderBy('position')
    .execute();
  // A theme left with no word of its own (its stories withdrawn) has nothing to be picked by.
  return themes.flatMap((t) => ((t.name ?? t.label) ? [{ id: t.id, name: t.name ?? t.label }] : []));
}

/** Every point of a run's map, with its theme: stories outputs may show, in themes still in play. */
export function mapPoints(db: Db, run: AnalysisRun) {
  return storiesFor(db, run.alliance_id)
    .innerJoin('theme_stories', 'theme_stories.story_id', 'stories.id')
    .innerJoin('themes', 'themes.id', 'theme_stories.theme_id')
    .where('themes.run_id', '=', run.id)
    .where('themes.status', 'in', ['suggested', 'kept'])
    .select([
      'stories.id',
      'stories.code',
      'stories.title',
      'theme_stories.x',
      'theme_stories.y',
      'themes.id as theme_id',
      'themes.position',
    ])
    .orderBy('stories.id')
    .execute();
}

/** A run's themes of these statuses, in their order. */
export function themesOf(db: Db, run: AnalysisRun, statuses: ThemeStatus[]) {
  return db
    .selectFrom('themes')
    .select(['id', 'run_id', 'label', 'terms', 'name', 'status', 'tag_id', 'position'])
    .where('run_id', '=', run.id)
    .where('status', 'in', statuses)
    .orderBy('position')
    .execute();
}

/**
 * For outputs (reports, exhibits): the run's themes with these statuses, in order, and their stories outputs may
 * show (only these stories, when given), nearest the centre first, each marked quotable or not.
 */
export async function themesWithStories(
  db: Db,
  run: AnalysisRun,
  statuses: ThemeStatus[],
  onlyStories?: number[],
  audience: Audience = 'team',
) {
  // Named with the words this audience may see (a funders' report's observations count by theme too).
  const themes = await themesShownTo(db, run.alliance_id, await themesOf(db, run, statuses), audience);
  if (themes.length === 0 || onlyStories?.length === 0) return { themes, members: [] };
  const members = storiesFor(db, run.alliance_id)
    .innerJoin('theme_stories', 'theme_stories.story_id', 'stories.id')
    .select(['theme_stories.theme_id', 'theme_stories.story_id', 'theme_stories.rank'])
    .select(quotableColumn())
    .where(
      'theme_stories.theme_id',
      'in',
      themes.map((t) => t.id),
    )
    .orderBy('theme_stories.theme_id')
    .orderBy('theme_stories.rank');
  if (!onlyStories) return { themes, members: await members.execute() };
  const some = await byIdSlices(onlyStories, (ids) => members.where('stories.id', 'in', ids).execute());
  return { themes, members: some.sort((a, b) => a.theme_id - b.theme_id || a.rank - b.rank) };
}

async function audit(
  db: Db,
  actor: Actor,
  run: AnalysisRun,
  action: string,
  themeId: number,
  detail: Record<string, unknown> = {},
) {
  await recordAudit(db, {
    allianceId: run.alliance_id,
    actor,
    action,
    subjectType: 'theme',
    subjectId: themeId,
    detail,
  });
}

export async function renameTheme(
  db: Db,
  actor: Actor,
  run: AnalysisRun,
  theme: ThemeRow,
  name: string,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('themes')
      .set({ name, status: theme.status === 'discarded' ? 'discarded' : 'kept' })
      .where('id', '=', theme.id)
      .execute();
    await audit(trx, actor, run, 'themes.renamed', theme.id, { from: theme.name ?? theme.label, to: name });
  });
}

export async function setThemeStatus(
  db: Db,
  actor: Actor,
  run: AnalysisRun,
  theme: ThemeRow,
  status: 'kept' | 'discarded' | 'suggested',
): Promise<void> {
  // 'suggested' again is the Undo of Keep: the theme goes back to being a suggestion, its name untouched.
  const action = { kept: 'themes.kept', discarded: 'themes.discarded', suggested: 'themes.keep_undone' }[status];
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('themes').set({ status }).where('id', '=', theme.id).execute();
    await audit(trx, actor, run, action, theme.id, { from: theme.status });
  });
}

/** Moves every story of `from` into `into` (keeping into's order first) and marks `from` as merged. */
export async function mergeThemes(
  db: Db,
  actor: Actor,
  run: AnalysisRun,
  from: ThemeRow,
  into: ThemeRow,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const last = await trx
      .selectFrom('theme_stories')
      .select(trx.fn.max('rank').as('r'))
      .where('theme_id', '=', into.id)
      .executeTakeFirst();
    const moving = await trx
      .selectFrom('theme_stories')
      .selectAll()
      .where('theme_id', '=', from.id)
      .orderBy('rank')
      .execute();
    const base = Number(last?.r ?? -1) + 1;
    await trx.deleteFrom('theme_stories').where('theme_id', '=', from.id).execute();
    const rows = moving.map((m, i) => ({ ...m, theme_id: into.id, rank: base + i }));
    for (let i = 0; i < rows.length; i += 1000)
      await trx
        .insertInto('theme_stories')
        .values(rows.slice(i, i + 1000))
        .execute();
    const fromTerms = JSON.parse(from.terms) as string[];
    const intoTerms = JSON.parse(into.terms) as string[];
    await trx.updateTable('themes').set({ status: 'merged', merged_into: into.id }).where('id', '=', from.id).execute();
    await trx
      .updateTable('themes')
      .set({
        terms: JSON.stringify([...new Set([...intoTerms, ...fromTerms])].slice(0, 12)),
        status: into.status === 'discarded' ? 'kept' : into.status,
      })
      .where('id', '=', into.id)
      .execute();
    await audit(trx, actor, run, 'themes.merged', from.id, { into: into.id });
  });
}

/** Replaces a theme by the themes a split found (their stories keep their map positions). */
export async function splitTheme(
  db: Db,
  actor: Actor,
  run: AnalysisRun,
  theme: ThemeRow,
  parts: { label: string; terms: string[]; stories: string[] }[],
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const positions = await trx.selectFrom('theme_stories').selectAll().where('theme_id', '=', theme.id).execute();
    const where = new Map(positions.map((p) => [String(p.story_id), p]));
    const last = await trx
      .selectFrom('themes')
      .select(trx.fn.max('position').as('p'))
      .where('run_id', '=', run.id)
      .executeTakeFirst();
    let position = Number(last?.p ?? 0);
    for (const part of parts) {
      const row = await trx
        .insertInto('themes')
        .values({
          run_id: run.id,
          inquiry_id: theme.inquiry_id,
          position: ++position,
          label: part.label,
          name: null,
          terms: JSON.stringify(part.terms),
          status: 'suggested',
          merged_into: null,
          tag_id: null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const rows = part.stories
        .filter((id) => where.has(id))
        .map((id, rank) => ({
          theme_id: row.id,
          story_id: Number(id),
          rank,
          x: where.get(id)!.x,
          y: where.get(id)!.y,
        }));
      for (let i = 0; i < rows.length; i += 1000)
        await trx
          .insertInto('theme_stories')
          .values(rows.slice(i, i + 1000))
          .execute();
    }
    await trx.deleteFrom('theme_stories').where('theme_id', '=', theme.id).execute();
    await trx.updateTable('themes').set({ status: 'merged', merged_into: null }).where('id', '=', theme.id).execute();
    await audit(trx, actor, run, 'themes.split', theme.id, { into: parts.length });
  });
}

/** The theme's words, for splitting it: its stories' texts. */
export async function themeTexts(
  db: Db,
  run: AnalysisRun,
  themeId: number,
): Promise<{ id: string; text: string; language: string }[]> {
  return docsOf(db, await themeStories(db, run, themeId));
}

/** Makes a codebook tag from the theme (named as people named the theme) and tags each of its stories with it. */
export async function themeToTag(
  db: Db,
  actor: Actor,
  run: AnalysisRun,
  theme: ThemeRow,
  now = new Date(),
): Promise<number> {
  const stories = await themeStories(db, run, theme.id);
  return db.transaction().execute(async (trx) => {
    const { tagId, tagged } = await tagStoriesWith(
      trx,
      actor,
      theme.inquiry_id,
      tagFromTheme(theme.name ?? theme.label, JSON.parse(theme.terms) as string[]),
      stories.map((s) => s.id),
      'theme',
      now,
    );
    await trx.updateTable('themes').set({ tag_id: tagId, status: 'kept' }).where('id', '=', theme.id).execute();
    await audit(trx, actor, run, 'themes.tagged', theme.id, { tag: tagId, stories: tagged });
    return tagId;
  });
}

/** Themes that became tag `from` now point at the tag it is being merged into (a codebook tag hook). */
export async function followMergedTag(db: Db, from: number, into: number): Promise<void> {
  await db.updateTable('themes').set({ tag_id: into }).where('tag_id', '=', from).execute();
}

/** Themes that became a tag being deleted no longer point at it (a codebook tag hook). */
export async function forgetDeletedTag(db: Db, tagId: number): Promise<void> {
  await db.updateTable('themes').set({ tag_id: null }).where('tag_id', '=', tagId).execute();
}

onStory('themes', { withdrawn: forgetThemePlaces });
