/**
 * Translations in a JSON export and back: every translation of the export's stories (already chosen through
 * storiesFor by the export), and an imported one saved with who and when as the file carried them.
 */
import type { Db } from '../db/database.ts';
import type { Translation, TranslationInput } from './store.ts';
import type { StoryTranslation } from '../db/schema.ts';
import { byIdSlices } from '../db/id-lists.ts';

const read = (row: StoryTranslation): Translation => ({
  ...row,
  answers: JSON.parse(row.answers) as Translation['answers'],
});

/** Every translation of these stories (an export's stories, already chosen through storiesFor), by story. */
export async function translationsOf(db: Db, storyIds: number[]): Promise<Map<number, Translation[]>> {
  const byStory = new Map<number, Translation[]>();
  const rows = await byIdSlices(storyIds, (ids) =>
    db
      .selectFrom('story_translations')
      .selectAll()
      .where('story_id', 'in', ids)
      .orderBy('story_id')
      .orderBy('language')
      .execute(),
  );
  for (const row of rows) byStory.set(row.story_id, [...(byStory.get(row.story_id) ?? []), read(row)]);
  return byStory;
}

/** An imported translation, with who and when as the export carried them (the translator's account is not carried). */
export async function importTranslation(
  db: Db,
  storyId: number,
  t: TranslationInput & { translator: string; created_at: string; updated_at: string },
): Promise<void> {
  await db
    .insertInto('story_translations')
    .values({
      story_id: storyId,
      language: t.language,
      title: t.title,
      answers: JSON.stringify(t.answers),
      translator_id: null,
      translator_name: t.translator,
      created_at: t.created_at,
      updated_by: null,
      updated_name: t.translator,
      updated_at: t.updated_at,
    })
    .execute();
}
