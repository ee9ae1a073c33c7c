/**
 * Full-text search over stories: SQLite FTS5 (unicode61, accents folded) or PostgreSQL's tsvector with the
 * 'simple' configuration (no stemming, so it works the same for every language a story is told in).
 * What a person types is never passed as query syntax: each word is quoted.
 */
import { sql } from 'kysely';
import { dialectOf, type Db } from '../db/database.ts';
import { searchableText } from './text.ts';

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
export async function indexStory(db: Db, storyId: number, text: string, fresh = false): Promise<void> {
  if (dialectOf(db) === 'sqlite') {
    if (!fresh) await sql`DELETE FROM story_search WHERE rowid = ${storyId}`.execute(db);
    await sql`INSERT INTO story_search (rowid, body) VALUES (${storyId}, ${text})`.execute(db);
  } else {
    await sql`INSERT INTO story_search (story_id, body) VALUES (${storyId}, to_tsvector('simple', ${foldAccents(text)}))
              ON CONFLICT (story_id) DO UPDATE SET body = excluded.body`.execute(db);
  }
}

/** Removes a story's words from the index (withdrawal). */
export async function unindexStory(db: Db, storyId: number): Promise<void> {
  if (dialectOf(db) === 'sqlite') await sql`DELETE FROM story_search WHERE rowid = ${storyId}`.execute(db);
  else await sql`DELETE FROM story_search WHERE story_id = ${storyId}`.execute(db);
}

/** The words of a search, letters and digits of any script; everything else is a separator. */
export function searchWords(query: string): string[] {
  // Marks (\p{M}) belong to their word: Hindi, Thai and others write vowels as combining signs.
  return (query.normalize('NFC').match(/[\p{L}\p{M}\p{N}]+/gu) ?? []).slice(0, 20);
}

/** An SQL condition on stories.id: the story contains every word of the query (a word may be a prefix). */
export function matchesSearch(db: Db, query: string) {
  const words = searchWords(query);
  if (dialectOf(db) === 'sqlite') {
    const match = words.map((w) => `"${w.replaceAll('"', '""')}"*`).join(' ');
    return sql<boolean>`stories.id IN (SELECT rowid FROM story_search WHERE story_search MATCH ${match})`;
  }
  const tsquery = words
    .map((w) => `'${foldAccents(w).toLowerCase().replaceAll("'", "''").replaceAll('\\', '\\\\')}':*`)
    .join(' & ');
  // An array made first (the GIN index finds it), then looked up by id: as a join, PostgreSQL underrates the cost of
  // @@ and would rather test every story's words in turn than use the index.
  return sql<boolean>`stories.id = ANY(ARRAY(SELECT story_id FROM story_search WHERE body @@ to_tsquery('simple', ${tsquery})))`;
}

/** Makes the index again from every story's words, withdrawn ones left out: a backup holds tables, not the index. */
export async function rebuildSearchIndex(db: Db): Promise<void> {
  const stories = await db
    .selectFrom('stories')
    .select(['id', 'title'])
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
      );
  }
}
