/**
 * Full-text search over stories: SQLite FTS5 (unicode61, accents folded) or PostgreSQL's tsvector with the
 * 'simple' configuration, so both behave the same. Each story's words are indexed as written and, after them, as
 * stemmed in the language the story was told in; a searched word matches as typed (or as a prefix) or by its stem
 * in any language Hearth can stem. So "enfants" finds "enfant", and "مدرسة" finds "المدارس".
 * What a person types is never passed as query syntax: each word is quoted.
 */
import { sql, type RawBuilder } from 'kysely';
import { dialectOf, type Db } from '../db/database.ts';
import { foldArabic, STEMMED_LANGUAGES, stemWord } from '../text/text.ts';
import { searchableText } from './text.ts';
import { indexedText } from './words.ts';

/**
 * Accents folded the way SQLite's FTS5 (remove_diacritics) folds them, so "cafe" finds "café" on both databases.
 * Only the combining accents block goes (U+0300–U+036F): vowel signs of Hindi, Thai and others stay in their word.
 */
export function foldAccents(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .normalize('NFC');
}

/** Puts (or replaces) a story's searchable text in the index; `fresh` for a new story, which has nothing to replace. */
export async function indexStory(
  db: Db,
  storyId: number,
  words: string,
  language: string,
  fresh = false,
): Promise<void> {
  const text = indexedText(words, language);
  if (dialectOf(db) === 'sqlite') {
    if (!fresh) await sql`DELETE FROM story_search WHERE rowid = ${storyId}`.execute(db);
    await sql`INSERT INTO story_search (rowid, body) VALUES (${storyId}, ${text})`.execute(db);
  } else {
    await sql`INSERT INTO story_search (story_id, body) VALUES (${storyId}, to_tsvector('simple', ${foldAccents(text)}))
              ON CONFLICT (story_id) DO UPDATE SET body = excluded.body`.execute(db);
  }
}

/** Puts many new stories in the index (each its `indexedText`), one statement for the lot (an import's batch). */
export async function indexStories(db: Db, stories: { storyId: number; indexed: string }[]): Promise<void> {
  if (stories.length === 0) return;
  const rows = stories.map((s) => ({ id: s.storyId, text: s.indexed }));
  for (let i = 0; i < rows.length; i += 5000) {
    const part = rows.slice(i, i + 5000);
    if (dialectOf(db) === 'sqlite') {
      const values = sql.join(part.map((r) => sql`(${r.id}, ${r.text})`));
      await sql`INSERT INTO story_search (rowid, body) VALUES ${values}`.execute(db);
    } else {
      const values = sql.join(part.map((r) => sql`(${r.id}, to_tsvector('simple', ${foldAccents(r.text)}))`));
      await sql`INSERT INTO story_search (story_id, body) VALUES ${values}`.execute(db);
    }
  }
}

/** Removes a story's words from the index (withdrawal). */
export async function unindexStory(db: Db, storyId: number): Promise<void> {
  if (dialectOf(db) === 'sqlite') await sql`DELETE FROM story_search WHERE rowid = ${storyId}`.execute(db);
  else await sql`DELETE FROM story_search WHERE story_id = ${storyId}`.execute(db);
}

/**
 * A word as the index splits it, or a contraction or elision held together by its apostrophes (' or ’): "don't",
 * "l’épicerie". Marks (\p{M}) belong to their word: Hindi, Thai and others write vowels as combining signs. Each
 * part starts with a letter or digit: a lone accent is nothing the index holds (and PostgreSQL refuses it as a word).
 */
export const SEARCH_WORD = /[\p{L}\p{N}][\p{L}\p{M}\p{N}]*(?:['’][\p{L}\p{N}][\p{L}\p{M}\p{N}]*)*/gu;

/** The words of a search, letters and digits of any script, contractions whole; everything else is a separator. */
export function searchWords(query: string): string[] {
  return (query.normalize('NFC').match(SEARCH_WORD) ?? []).slice(0, 20);
}

/**
 * A searched word's parts, as the index holds them (both databases split at an apostrophe, either one), and whether
 * its last part may be the start of a word, as a single word's may. Not a contraction's ending of one or two letters
 * ("don't", "I'm", "we're"): as a start it would find "I must" from "I'm". "l'épicer" still finds "l'épicerie".
 */
export function partsOf(word: string): { parts: string[]; prefix: boolean } {
  const parts = word.split(/['’]/u);
  return { parts, prefix: parts.length === 1 || parts.at(-1)!.length > 2 };
}

/** A searched word's stems in every language a story may be told in and Hearth can stem, other than the word. */
export function stemsOf(word: string): string[] {
  const lower = foldArabic(word.toLowerCase());
  const stems = new Set(STEMMED_LANGUAGES.map((language) => foldArabic(stemWord(lower, language))));
  return [...stems].filter((stem) => stem && stem !== lower);
}

/**
 * SQLite's FTS5 query for a search: every word, as a prefix or by its stem, each quoted. A contraction is the
 * phrase of its parts side by side ("don t"), so it finds the stories that say it, not every word starting with t.
 */
export function searchMatch(query: string): string {
  const quote = (w: string) => `"${w.replaceAll('"', '""')}"`;
  return searchWords(query)
    .map(foldArabic)
    .map((w) => {
      const { parts, prefix } = partsOf(w);
      if (parts.length > 1) return `${quote(parts.join(' '))}${prefix ? '*' : ''}`;
      return `(${[`${quote(w)}*`, ...stemsOf(w).map(quote)].join(' OR ')})`;
    })
    .join(' AND ');
}

/** PostgreSQL's tsquery for a search: every word, as a prefix or by its stem; a contraction its parts side by side. */
function tsquery(query: string): string {
  const lexeme = (w: string) => `'${foldAccents(w).toLowerCase().replaceAll("'", "''").replaceAll('\\', '\\\\')}'`;
  return searchWords(query)
    .map(foldArabic)
    .map((w) => {
      const { parts, prefix } = partsOf(w);
      if (parts.length > 1) return `(${parts.map(lexeme).join(' <-> ')}${prefix ? ':*' : ''})`;
      return `(${[`${lexeme(w)}:*`, ...stemsOf(w).map(lexeme)].join(' | ')})`;
    })
    .join(' & ');
}

/** A range of story ids, `from` up to but not including `below`. */
export interface IdRange {
  from: number;
  below: number;
}

/** How PostgreSQL reads a search's matches: walking the stories newest first, or from the index (in a range of ids). */
export interface SearchHow {
  walk?: boolean;
  ids?: IdRange;
}

/**
 * An SQL condition on stories.id: the story contains every word of the query (as a prefix, or by its stem).
 * On PostgreSQL, by default an array of matches made first (the GIN index finds it), then looked up by id: as a
 * join, PostgreSQL underrates the cost of @@ and would rather test every story's words in turn than use the index.
 * With `ids`, only matches in that range: the word's index and the ids' are read together, so matches outside it
 * are never fetched. With `walk`, as a join after all, for a word so common that testing the newest stories in turn
 * finds a page of them sooner than reading every match (planSearch).
 */
export function matchesSearch(db: Db, query: string, how: SearchHow = {}) {
  if (dialectOf(db) === 'sqlite')
    return sql<boolean>`stories.id IN (SELECT rowid FROM story_search WHERE story_search MATCH ${searchMatch(query)})`;
  const words = sql`to_tsquery('simple', ${tsquery(query)})`;
  if (how.walk)
    return sql<boolean>`EXISTS (SELECT 1 FROM story_search WHERE story_search.story_id = stories.id AND body @@ ${words})`;
  // The range written out, not bound: a plan made for any range would read the ids' index for the widest too.
  const range = how.ids
    ? sql` AND story_id >= ${sql.lit(Math.trunc(how.ids.from))} AND story_id < ${sql.lit(Math.trunc(how.ids.below))}`
    : sql``;
  return sql<boolean>`stories.id = ANY(ARRAY(SELECT story_id FROM story_search WHERE body @@ ${words}${range}))`;
}

/** How PostgreSQL finds a search's matches (walking or not), with the stories indexed and the newest story's id. */
export interface SearchPlan {
  walk: boolean;
  stories: number;
  newest: number;
}

/**
 * How PostgreSQL should find a search's `wanted` newest matches. It walks the stories newest first when the planner
 * expects so many matches M among N indexed stories that a walk reading about wanted × N ÷ M stories reads fewer
 * than the M matches the index would hand over (M² > wanted × N). Its estimate comes from the column's statistics,
 * in a millisecond, and needs no count. A word in 30,000 of 100,000 stories: 41 ms walking against 576 ms reading
 * every match; a word in 2,700: 91 ms through the index against 1.4 s walking (README, Running at scale).
 */
export async function planSearch(db: Db, query: string, wanted: number): Promise<SearchPlan> {
  const matches = await estimatedMatches(db, query);
  const stories = await plannedRows(db, sql`SELECT 1 FROM story_search`);
  const newest = await db
    .selectFrom(sql<{ story_id: number }>`story_search`.as('s'))
    .select(sql<number | null>`max(story_id)`.as('id'))
    .executeTakeFirst();
  return { walk: matches * matches > wanted * stories, stories, newest: Number(newest?.id ?? 0) };
}

/**
 * The newest `wanted` matches of a search on PostgreSQL through its index, looked for in ranges of story ids from
 * the newest back, each range's matches newest first (`read`): the same stories, in the same order, as one query
 * over every match, but a word in 26,000 of a million stories is read about 2,000 matches deep, not 26,000. The
 * first range is the newest hundredth of the stories; the next reaches as far back as the matches found so far say
 * the rest lie, and half as far again (the planner's estimate cannot say: every word rarer than its most common
 * thousand gets the same). A rare word is found in none, so the next range is all the rest, read as before.
 * Inside the search's transaction, PostgreSQL is told not to scan an index row by row meanwhile: it underrates
 * testing a story's words, and would rather test every story of a range in turn than read the word's index.
 */
export async function newestInRanges<T>(
  db: Db,
  plan: SearchPlan,
  wanted: number,
  read: (ids: IdRange, limit: number) => Promise<T[]>,
): Promise<T[]> {
  await sql`SET LOCAL enable_indexscan = off`.execute(db);
  try {
    return await inRanges(plan, wanted, read);
  } finally {
    await sql`SET LOCAL enable_indexscan = on`.execute(db);
  }
}

async function inRanges<T>(
  plan: SearchPlan,
  wanted: number,
  read: (ids: IdRange, limit: number) => Promise<T[]>,
): Promise<T[]> {
  const found: T[] = [];
  const top = plan.newest + 1;
  let size = Math.max(4 * wanted, Math.ceil(plan.stories / 100));
  for (let below = top; below > 0 && found.length < wanted;) {
    const from = Math.max(0, below - size);
    found.push(...(await read({ from, below }, wanted - found.length)));
    below = from;
    const perId = found.length / (top - from);
    size = perId > 0 ? Math.ceil((1.5 * (wanted - found.length)) / perId) : below;
  }
  return found;
}

/** How many stories PostgreSQL's planner expects a search to match, from the column's statistics: no count is made. */
export function estimatedMatches(db: Db, query: string): Promise<number> {
  return plannedRows(db, sql`SELECT 1 FROM story_search WHERE body @@ to_tsquery('simple', ${tsquery(query)})`);
}

/** How many rows PostgreSQL's planner expects a query to give. */
async function plannedRows(db: Db, query: RawBuilder<unknown>): Promise<number> {
  const { rows } = await sql<{
    'QUERY PLAN': { Plan: { 'Plan Rows': number } }[];
  }>`EXPLAIN (FORMAT JSON) ${query}`.execute(db);
  return rows[0]?.['QUERY PLAN'][0]?.Plan['Plan Rows'] ?? 0;
}

/** Makes the index again from every story's words, withdrawn ones left out: a backup holds tables, not the index. */
export async function rebuildSearchIndex(db: Db): Promise<void> {
  const stories = await db
    .selectFrom('stories')
    .select(['id', 'title', 'language'])
    .where('withdrawn_at', 'is', null)
    .orderBy('id')
    .execute();
  for (let i = 0; i < stories.length; i += 500) {
    const batch = stories.slice(i, i + 500);
    const answers = await db
      .selectFrom('story_answers')
      .select(['story_id', 'kind', 'value'])
      .where(
        'story_id',
        'in',
        batch.map((s) => s.id),
      )
      .orderBy('story_id')
      .orderBy('position')
      .execute();
    for (const story of batch)
      await indexStory(
        db,
        story.id,
        searchableText(
          story.title,
          answers.filter((a) => a.story_id === story.id),
        ),
        story.language,
      );
  }
}
