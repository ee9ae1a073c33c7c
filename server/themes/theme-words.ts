/**
 * A theme's words as an audience may see them. The engine names a theme (`label`, `terms`) by its stories' own
 * phrases, so a label can carry words of a story kept from this audience, or withdrawn. Here a phrase or term is
 * kept only where some story of the theme that storiesFor lets this audience see says it, asked of the search index
 * (one LIMIT 1 query each): no story's text is read into the process. A name staff gave a theme is their own words.
 * Withdrawal rewrites the stored words once (forgetThemePlaces); funders' outputs check theirs as they are made.
 */
import type { TFunction } from 'i18next';
import { dialectOf, type Db } from '../db/database.ts';
import type { ThemeRow } from '../db/schema.ts';
import { renameThemeTag } from '../codebook/tags-store.ts';
import { storiesFor, type Audience } from '../stories/consent.ts';
import { estimatedMatches, matchesSearch, searchWords } from '../stories/search.ts';

/** What is read of a theme to decide its words. */
export type ThemeWordsOf = Pick<ThemeRow, 'id' | 'run_id' | 'label' | 'terms' | 'status'>;

export interface ShownWords {
  /** The label's phrases this audience may see, else its terms, joined by ' · '; '' when none is left. */
  label: string;
  terms: string[];
}

/** The engine joins a label's phrases with ' · '. */
const PHRASE_SEPARATOR = ' · ';

const termsOf = (terms: string): string[] => {
  try {
    const parsed: unknown = JSON.parse(terms);
    return Array.isArray(parsed) ? parsed.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
};

/**
 * The story ids of a theme, as a subquery. A merged or split theme's stories moved to other themes of its run
 * (a split keeps no link to its parts), so its words are checked against every story placed in that run.
 */
function storiesOfTheme(db: Db, theme: ThemeWordsOf) {
  if (theme.status !== 'merged')
    return db
      .selectFrom('theme_stories')
      .select('theme_stories.story_id')
      .where('theme_stories.theme_id', '=', theme.id);
  return db
    .selectFrom('theme_stories')
    .innerJoin('themes', 'themes.id', 'theme_stories.theme_id')
    .select('theme_stories.story_id')
    .where('themes.run_id', '=', theme.run_id);
}

/** How many stories a theme holds (every one, whoever may see it: what a walk would test at most). */
async function storiesCounted(db: Db, theme: ThemeWordsOf): Promise<number> {
  const row = await db
    .selectFrom(storiesOfTheme(db, theme).as('s'))
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/**
 * For each theme, the label and terms made only of words some story of it says that this audience may see (and,
 * with `within`, one of those stories: a round's, for its exhibits). A theme with no such story is left out of the
 * map: it is left out of this audience's outputs. A label with no word left is '' (themeName shows a neutral one).
 */
export async function themeWordsShown(
  db: Db,
  allianceId: number,
  themes: ThemeWordsOf[],
  audience: Audience,
  within?: number[],
): Promise<Map<number, ShownWords>> {
  const shown = new Map<number, ShownWords>();
  for (const theme of themes) {
    let size = 0;
    const seen = async (words?: string[]) => {
      let query = storiesFor(db, allianceId, undefined, audience).where('stories.id', 'in', storiesOfTheme(db, theme));
      if (within) query = query.where('stories.id', 'in', within.length ? within : [0]);
      // On PostgreSQL, a word in more stories than the theme has is looked for by walking the theme's stories (it is
      // soon found, if said); a rarer one through the index, whose few matches cost less than walking a theme that
      // may not say it at all (a phrase of a hidden story: a whole walk of 50,000 stories at a million).
      const walk = dialectOf(db) === 'postgres' && words && (await estimatedMatches(db, words.join(' '))) > size;
      if (words) query = query.where(matchesSearch(db, words.join(' '), { walk }));
      return query.select('stories.id').limit(1).executeTakeFirst();
    };
    if (!(await seen())) continue;
    if (dialectOf(db) === 'postgres') size = await storiesCounted(db, theme);
    const said = new Map<string, boolean>();
    const says = async (text: string): Promise<boolean> => {
      const words = searchWords(text);
      const key = words.join(' ').toLowerCase();
      // Nothing to find (punctuation only) is nobody's word to show.
      if (words.length === 0) return false;
      if (!said.has(key)) {
        const found = Boolean(await seen(words));
        said.set(key, found);
        // A story saying a whole phrase says each of its words.
        if (found) for (const w of words) said.set(w.toLowerCase(), true);
      }
      return said.get(key)!;
    };
    const phrases: string[] = [];
    for (const phrase of theme.label.split(PHRASE_SEPARATOR).map((p) => p.trim()))
      if (phrase && (await says(phrase))) phrases.push(phrase);
    const terms: string[] = [];
    for (const term of termsOf(theme.terms)) if (await says(term)) terms.push(term);
    shown.set(theme.id, { label: (phrases.length ? phrases : terms).join(PHRASE_SEPARATOR), terms });
  }
  return shown;
}

/** A theme's name as people see it: what staff renamed it to, the engine's label, or "Theme 3" when no word is left. */
export function themeName(t: TFunction, theme: Pick<ThemeRow, 'name' | 'label' | 'position'>): string {
  return theme.name ?? (theme.label || t('themes.numbered', { number: theme.position + 1 }));
}

/**
 * These themes as an audience's output shows them: for funders, each with only the words they may see, and those
 * with no story they may see left out. Staff see what is stored (withdrawal rewrote it, forgetThemePlaces), less
 * any theme left with no story at all.
 */
export async function themesShownTo<T extends ThemeWordsOf>(
  db: Db,
  allianceId: number,
  themes: T[],
  audience: Audience,
): Promise<T[]> {
  if (themes.length === 0) return themes;
  if (audience === 'funders') {
    const shown = await themeWordsShown(db, allianceId, themes, audience);
    return themes.flatMap((t) => {
      const words = shown.get(t.id);
      return words ? [{ ...t, label: words.label, terms: JSON.stringify(words.terms) }] : [];
    });
  }
  const live = await storiesFor(db, allianceId)
    .innerJoin('theme_stories', 'theme_stories.story_id', 'stories.id')
    .select('theme_stories.theme_id')
    .distinct()
    .where(
      'theme_stories.theme_id',
      'in',
      themes.map((t) => t.id),
    )
    .execute();
  const kept = new Set(live.map((r) => r.theme_id));
  return themes.filter((t) => t.status === 'merged' || kept.has(t.id));
}

/**
 * A withdrawn story leaves every theme it was placed in, and its words leave their names: the label and terms of
 * those themes (and of the themes merged or split away in their runs) are rewritten once, here, from the words of
 * the stories still in them, so staff pages show what is stored without checking it each time.
 */
export async function forgetThemePlaces(db: Db, storyId: number): Promise<void> {
  const places = await db
    .selectFrom('theme_stories')
    .innerJoin('themes', 'themes.id', 'theme_stories.theme_id')
    .innerJoin('analysis_runs', 'analysis_runs.id', 'themes.run_id')
    .select(['themes.id', 'themes.run_id', 'analysis_runs.alliance_id'])
    .where('theme_stories.story_id', '=', storyId)
    .execute();
  await db.deleteFrom('theme_stories').where('story_id', '=', storyId).execute();
  if (places.length === 0) return;
  const allianceId = places[0]!.alliance_id;
  const themes = await db
    .selectFrom('themes')
    .select(['id', 'run_id', 'label', 'terms', 'status', 'name', 'tag_id', 'position'])
    .where((eb) =>
      eb.or([
        eb(
          'id',
          'in',
          places.map((p) => p.id),
        ),
        eb.and([
          eb(
            'run_id',
            'in',
            places.map((p) => p.run_id),
          ),
          eb('status', '=', 'merged'),
        ]),
      ]),
    )
    .execute();
  const shown = await themeWordsShown(db, allianceId, themes, 'team');
  for (const theme of themes) {
    const words = shown.get(theme.id) ?? { label: '', terms: [] };
    await db
      .updateTable('themes')
      .set({ label: words.label, terms: JSON.stringify(words.terms) })
      .where('id', '=', theme.id)
      .execute();
    // A tag made from the theme while it had the engine's name was named by those words too.
    if (theme.tag_id !== null && theme.name === null && words.label !== theme.label)
      await renameThemeTag(
        db,
        theme.tag_id,
        theme.label,
        tagFromTheme(words.label || numberedName(theme.position), words.terms),
      );
  }
}

/** A theme left with no word, named where no reader's language is at hand (a codebook tag, an export): "Theme 3". */
export const numberedName = (position: number): string => `Theme ${position + 1}`;

/** A codebook tag's name and description, made from a theme. */
export function tagFromTheme(name: string, terms: string[]): { name: string; description: string } {
  return { name, description: `From the theme "${name}": ${terms.join(', ')}` };
}
