/**
 * Translations of a story by people: one per story and language, replaced when edited, never a version of the
 * teller's words. Outputs take them only through `translationsShown`, which asks the stories' one consent
 * projection (storiesFor), so no output shows a translation of a story it may not show. Withdrawal deletes them.
 */
import { recordAudit, type Actor } from '../audit/store.ts';
import type { Db } from '../db/database.ts';
import type { ConsentUse, Story, StoryTranslation } from '../db/schema.ts';
import { iso } from '../db/time.ts';
import { storiesFor, type Audience } from '../stories/consent.ts';
import { onStory } from '../stories/hooks.ts';
import { inquiryLanguages } from '../inquiries/inquiries-store.ts';
import { questionLanguage } from '../inquiries/templates.ts';

export interface TranslatedAnswer {
  /** The position of the teller's answer it translates. */
  position: number;
  value: string;
}

export interface Translation extends Omit<StoryTranslation, 'answers'> {
  answers: TranslatedAnswer[];
  /** The language the story's questions were asked in (its inquiry's), where the caller looked it up. */
  question_language?: string;
}

export interface TranslationInput {
  language: string;
  title: string;
  answers: TranslatedAnswer[];
}

function read(row: StoryTranslation): Translation {
  return { ...row, answers: JSON.parse(row.answers) as TranslatedAnswer[] };
}

/** A story's translations, by language (the caller has already found the story and may see it). */
export async function storyTranslations(db: Db, storyId: number): Promise<Translation[]> {
  const rows = await db
    .selectFrom('story_translations')
    .selectAll()
    .where('story_id', '=', storyId)
    .orderBy('language')
    .execute();
  return rows.map(read);
}

export async function findTranslation(db: Db, storyId: number, language: string): Promise<Translation | undefined> {
  const row = await db
    .selectFrom('story_translations')
    .selectAll()
    .where('story_id', '=', storyId)
    .where('language', '=', language)
    .executeTakeFirst();
  return row && read(row);
}

/** Adds the translation into this language, or replaces the one there is (keeping who first translated it). */
export async function saveTranslation(
  db: Db,
  actor: Actor,
  story: Pick<Story, 'id' | 'alliance_id'>,
  input: TranslationInput,
  now = new Date(),
): Promise<Translation> {
  return db.transaction().execute(async (trx) => {
    const answers = JSON.stringify(input.answers);
    const changed = {
      title: input.title,
      answers,
      updated_by: actor.id,
      updated_name: actor.name,
      updated_at: iso(now),
    };
    const had = await trx
      .selectFrom('story_translations')
      .select('id')
      .where('story_id', '=', story.id)
      .where('language', '=', input.language)
      .executeTakeFirst();
    const row = had
      ? await trx
          .updateTable('story_translations')
          .set(changed)
          .where('id', '=', had.id)
          .returningAll()
          .executeTakeFirstOrThrow()
      : await trx
          .insertInto('story_translations')
          .values({
            story_id: story.id,
            language: input.language,
            translator_id: actor.id,
            translator_name: actor.name,
            created_at: iso(now),
            ...changed,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
    await recordAudit(
      trx,
      {
        allianceId: story.alliance_id,
        actor,
        action: had ? 'story.translation_changed' : 'story.translated',
        subjectType: 'story',
        subjectId: story.id,
        detail: { language: input.language },
      },
      now,
    );
    return read(row);
  });
}

/**
 * The translations into `language` of those of `storyIds` that an output serving `use` (and this audience) may
 * show: the stories' own consent, through storiesFor. A story it may not show brings no translation.
 */
export async function translationsShown(
  db: Db,
  allianceId: number,
  storyIds: number[],
  language: string,
  use?: ConsentUse,
  audience: Audience = 'team',
): Promise<Map<number, Translation>> {
  if (storyIds.length === 0 || !language) return new Map();
  // With each story its inquiry's languages: a translation shows the questions it answers in their own language.
  const shown = await storiesFor(db, allianceId, use, audience)
    .where('stories.id', 'in', storyIds)
    .select((eb) => ['stories.id', inquiryLanguages(eb.ref('stories.inquiry_id')).as('languages')])
    .execute();
  if (shown.length === 0) return new Map();
  const asked = new Map(shown.map((s) => [s.id, questionLanguage(s.languages)]));
  const rows = await db
    .selectFrom('story_translations')
    .selectAll()
    .where(
      'story_id',
      'in',
      shown.map((s) => s.id),
    )
    .where('language', '=', language)
    .execute();
  return new Map(rows.map((r) => [r.story_id, { ...read(r), question_language: asked.get(r.story_id) }]));
}

/** The languages an inquiry's stories (those any output may show) have been translated into, for a choice. */
export async function translatedLanguages(db: Db, inquiry: { id: number; alliance_id: number }): Promise<string[]> {
  // From the translations to their stories (one probe each), not from a million stories to their translations.
  const rows = await db
    .selectFrom('story_translations')
    .select('language')
    .distinct()
    .where((eb) =>
      eb.exists(
        storiesFor(db, inquiry.alliance_id)
          .where('stories.inquiry_id', '=', inquiry.id)
          .where('stories.id', '=', eb.ref('story_translations.story_id'))
          .select('stories.id'),
      ),
    )
    .orderBy('language')
    .execute();
  return rows.map((r) => r.language);
}

onStory('translations', {
  // A translation is made from the teller's words: when they withdraw, it goes with them.
  withdrawn: async (trx, storyId) => {
    await trx.deleteFrom('story_translations').where('story_id', '=', storyId).execute();
  },
});
