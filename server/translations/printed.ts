/**
 * Translations on paper: a pack prints, under each story's words, its translation into the chosen language,
 * labelled; a report may add one beneath a quote. Only for stories the output may show (translationsShown asks the
 * one consent projection with the output's use).
 */
import type { Db } from '../db/database.ts';
import type { ConsentUse } from '../db/schema.ts';
import type { Audience } from '../stories/consent.ts';
import { translator } from '../web/i18n.ts';
import { shownTranslation, type ShownTranslation } from './shown.ts';
import { translationsShown } from './store.ts';

/** The pack's stories' translations into `language`, ready to print under the teller's words. */
export async function packTranslations(
  db: Db,
  allianceId: number,
  stories: { id: number }[],
  words: Map<number, { answers: { prompt: string; position?: number }[] }>,
  language: string | undefined,
  pageLanguage: string,
): Promise<Map<number, ShownTranslation>> {
  if (!language) return new Map();
  return printedTranslations(db, allianceId, stories, words, language, pageLanguage, 'packs', 'team');
}

export async function printedTranslations(
  db: Db,
  allianceId: number,
  stories: { id: number }[],
  words: Map<number, { answers: { prompt: string; position?: number }[] }>,
  language: string,
  pageLanguage: string,
  use: ConsentUse,
  audience: Audience,
): Promise<Map<number, ShownTranslation>> {
  const found = await translationsShown(
    db,
    allianceId,
    stories.map((s) => s.id),
    language,
    use,
    audience,
  );
  const t = translator(pageLanguage);
  const shown = new Map<number, ShownTranslation>();
  for (const [storyId, translation] of found) {
    const prompts = (words.get(storyId)?.answers ?? []).flatMap((a) =>
      a.position === undefined ? [] : [{ position: a.position, prompt: a.prompt }],
    );
    shown.set(storyId, shownTranslation(t, pageLanguage, translation, prompts));
  }
  return shown;
}
