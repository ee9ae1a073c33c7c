/**
 * Translations on paper: a pack prints, under each story's words, its translation into the chosen language,
 * labelled; a report may add one beneath a quote. Only for stories the output may show (translationsShown asks the
 * one consent projection with the output's use).
 */
import type { Db } from '../db/database.ts';
import type { ConsentUse } from '../db/schema.ts';
import type { Audience } from '../stories/consent.ts';
import { parseLanguages } from '../inquiries/checks.ts';
import type { FieldErrors } from '../web/forms.ts';
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
  use: ConsentUse | undefined,
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

/** The language a report or pack asks translations in (?translation=es), or a message for its field. */
export function readTranslationChoice(query: Record<string, unknown>): {
  language?: string;
  value: string;
  errors: FieldErrors;
} {
  const raw = query.translation;
  if (raw === undefined || raw === '') return { value: '', errors: {} };
  const value = typeof raw === 'string' ? raw.trim() : '';
  if (parseLanguages(value)?.length === 1) return { language: value, value, errors: {} };
  return { value: typeof raw === 'string' ? raw : '', errors: { translation: 'translations.reports.error' } };
}

interface ChosenStory {
  storyId: number;
  answers: { prompt: string; position: number }[];
}

/**
 * The report with, beneath each chosen story's words (which stay the original), its translation into `language`,
 * labelled; only for stories this audience may see. A copy: the cached report is left as it is.
 */
export async function withTranslations<R extends { levels: { stories: ChosenStory[] }[] }>(
  db: Db,
  allianceId: number,
  report: R,
  language: string | undefined,
  pageLanguage: string,
  audience: Audience,
): Promise<R> {
  if (!language) return report;
  const stories = report.levels.flatMap((l) => l.stories);
  const words = new Map(stories.map((s) => [s.storyId, { answers: s.answers }]));
  const found = await printedTranslations(
    db,
    allianceId,
    stories.map((s) => ({ id: s.storyId })),
    words,
    language,
    pageLanguage,
    undefined,
    audience,
  );
  return {
    ...report,
    levels: report.levels.map((l) => ({
      ...l,
      stories: l.stories.map((s) => ({ ...s, translation: found.get(s.storyId) })),
    })),
  };
}
