/**
 * What an exhibit sequence shows, read through the owners' stores: kept themes of the inquiry's latest finished run
 * (themes), verbatim quotes only from stories whose tellers allowed quoting (stories), and the stories panels
 * chose, with their reasons (rounds: only stories a panel may still read). Every query names the alliance, or a
 * round or inquiry already found within it.
 */
import type { Db } from '../db/database.ts';
import type { AnalysisRun } from '../db/schema.ts';
import { storiesFor } from '../stories/consent.ts';
import { answersOf } from '../stories/words-store.ts';
import { themesWithStories } from '../themes/themes-store.ts';
import { themeWordsShown } from '../themes/theme-words.ts';

export interface KeptTheme {
  id: number;
  /** '' where no word of its own is left to name it by: shown as "Theme 3", `number`. */
  name: string;
  number: number;
  tagId: number | null;
  /** The theme's stories an output may show (within the round, for a round), nearest the centre first. */
  members: { storyId: number; quotable: boolean }[];
}

/**
 * The run's kept themes, with their visible stories (limited to these stories when given). A round's exhibits are
 * shown to its panel, who may read only the round's stories: a theme is named only by words those stories say.
 */
export async function keptThemes(db: Db, run: AnalysisRun, onlyStories?: number[]): Promise<KeptTheme[]> {
  if (onlyStories?.length === 0) return [];
  const { themes, members } = await themesWithStories(db, run, ['kept'], onlyStories);
  const words = onlyStories ? await themeWordsShown(db, run.alliance_id, themes, 'team', onlyStories) : undefined;
  return themes.map((t) => ({
    id: t.id,
    name: t.name || (words ? (words.get(t.id)?.label ?? '') : t.label),
    number: t.position + 1,
    tagId: t.tag_id,
    members: members
      .filter((m) => m.theme_id === t.id)
      .map((m) => ({ storyId: m.story_id, quotable: Number(m.quotable) === 1 })),
  }));
}

/** The main story answer of each story whose teller allowed quoting: where a quote is taken from. */
export async function storyAnswers(
  db: Db,
  allianceId: number,
  storyIds: number[],
): Promise<{ words: Map<number, string>; languages: Map<number, string> }> {
  if (storyIds.length === 0) return { words: new Map(), languages: new Map() };
  const quotable = await storiesFor(db, allianceId, 'quotes')
    .select(['stories.id', 'stories.language'])
    .where('stories.id', 'in', storyIds)
    .execute();
  const rows = await answersOf(
    db,
    quotable.map((s) => s.id),
    ['story'],
  );
  const words = new Map<number, string>();
  for (const r of rows) if (!words.has(r.story_id) && r.value.trim() !== '') words.set(r.story_id, r.value);
  return { words, languages: new Map(quotable.map((s) => [s.id, s.language])) };
}
