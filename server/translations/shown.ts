/**
 * A translation as an output shows it, always labelled: the original headed as the storyteller's words, the
 * translation headed as someone's translation, not the storyteller's words. The same labels on the story page,
 * the panel's reading page, packs and reports. Plain logic: no HTTP, no SQL.
 */
import type { TFunction } from 'i18next';
import { languageNamer } from '../web/language-names.ts';
import { promptIn } from '../inquiries/templates.ts';
import { directionOf } from '../web/i18n.ts';
import type { Translation } from './store.ts';

/** rtl for a language written right to left; otherwise let the browser see from the words. */
export const dirOf = (language: string) => (directionOf(language.split('-')[0] ?? '') === 'rtl' ? 'rtl' : 'auto');

function day(pageLanguage: string, at: string): string {
  return new Intl.DateTimeFormat(pageLanguage === 'en' ? 'en-GB' : pageLanguage, {
    dateStyle: 'medium',
    timeZone: 'UTC',
  }).format(new Date(at));
}

/** "Told in Spanish — the storyteller's words" ("the storyteller's words" when the language is not recorded). */
export function originalLabel(t: TFunction, pageLanguage: string, language: string): string {
  return language.trim()
    ? t('translations.label.original', { language: languageNamer(pageLanguage)(language.trim()) })
    : t('translations.label.originalUnknown');
}

/** "Translation into English by Ana, 4 Dec 2026 — not the storyteller's words". */
export function translationLabel(
  t: TFunction,
  pageLanguage: string,
  translation: Pick<Translation, 'language' | 'translator_name' | 'updated_at'>,
): string {
  return t('translations.label.translation', {
    language: languageNamer(pageLanguage)(translation.language),
    name: translation.translator_name,
    date: day(pageLanguage, translation.updated_at),
  });
}

export interface ShownTranslation {
  language: string;
  /** "Spanish", in the page's language. */
  languageName: string;
  dir: string;
  label: string;
  title: string;
  /**
   * In the original's order, each with the question it answers: in the translation's language where a template
   * writes that question in it, else as asked, marked with the language it was asked in (promptLanguage).
   */
  answers: { position: number; prompt: string; promptLanguage: string; promptDir: string; value: string }[];
  /** "1 of 3 answers is not translated yet", or '' when every answer is. */
  missing: string;
}

/** A translation ready to show beside (or under) answers of the original with these prompts. */
export function shownTranslation(
  t: TFunction,
  pageLanguage: string,
  translation: Translation,
  prompts: { position: number; prompt: string }[],
): ShownTranslation {
  const byPosition = new Map(translation.answers.map((a) => [a.position, a.value]));
  const asked = translation.question_language ?? '';
  const answers = prompts.flatMap((p) => {
    const value = byPosition.get(p.position);
    if (value === undefined || value.trim() === '') return [];
    const theirs = promptIn(p.prompt, asked, translation.language);
    const promptLanguage = theirs ? translation.language : asked;
    return [
      {
        position: p.position,
        prompt: theirs ?? p.prompt,
        promptLanguage,
        promptDir: promptLanguage ? directionOf(promptLanguage.split('-')[0] ?? '') : 'auto',
        value,
      },
    ];
  });
  const untranslated = prompts.length - answers.length;
  return {
    language: translation.language,
    languageName: languageNamer(pageLanguage)(translation.language),
    dir: dirOf(translation.language),
    label: translationLabel(t, pageLanguage, translation),
    title: translation.title,
    answers,
    missing: untranslated > 0 ? t('translations.untranslated', { count: untranslated, total: prompts.length }) : '',
  };
}
