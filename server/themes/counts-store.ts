/**
 * Themes counted for the report: how many of some stories each theme of a run holds, and the first few of them in
 * each (its quotes), both in the database, so a theme of a million stories is one number here.
 */
import { sql, type SelectQueryBuilder } from 'kysely';
import type { Db } from '../db/database.ts';
import type { AnalysisRun, Database, ThemeStatus } from '../db/schema.ts';
import type { Audience } from '../stories/consent.ts';
import { themesOf } from './themes-store.ts';
import { themesShownTo } from './theme-words.ts';

/** Story ids (a subquery from the consent projection, storiesFor) that a count of theme members is limited to. */
type StoryIds = SelectQueryBuilder<Database, 'stories', { id: number }>;

/**
 * A run's themes of these statuses, named as this audience may see them (themesShownTo: none of a story kept from
 * it); how many of `stories` each holds; and the first `each` of `leadingFrom` in each, by rank (the report's
 * quotes). Counted in the database, so a theme of a million stories is one number here.
 */
export async function themesCounted(
  db: Db,
  run: AnalysisRun,
  statuses: ThemeStatus[],
  stories: StoryIds,
  leadingFrom: StoryIds,
  each: number,
  audience: Audience,
) {
  const themes = await themesShownTo(db, run.alliance_id, await themesOf(db, run, statuses), audience);
  if (themes.length === 0) return { themes, counts: new Map<number, number>(), leading: [] };
  const ids = themes.map((t) => t.id);
  const counted = await db
    .selectFrom('theme_stories')
    .select(['theme_id', (eb) => eb.fn.countAll<number | string>().as('n')])
    .where('theme_id', 'in', ids)
    .where('story_id', 'in', stories)
    .groupBy('theme_id')
    .execute();
  const ranked = db
    .selectFrom('theme_stories')
    .select(['theme_id', 'story_id', sql<number>`row_number() over (partition by theme_id order by rank)`.as('place')])
    .where('theme_id', 'in', ids)
    .where('story_id', 'in', leadingFrom)
    .as('ranked');
  const leading = await db
    .selectFrom(ranked)
    .select(['theme_id', 'story_id'])
    .where('place', '<=', each)
    .orderBy('theme_id')
    .orderBy('place')
    .execute();
  return { themes, counts: new Map(counted.map((c) => [c.theme_id, Number(c.n)])), leading };
}
