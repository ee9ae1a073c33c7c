/**
 * Original and translation side by side, for the story page and a panel's reading page: the teller's words
 * headed as theirs, in their language, and the translation headed as someone's translation.
 */
import type { TFunction } from 'i18next';
import { languageNamer } from '../web/language-names.ts';
import { directionOf, translator } from '../web/i18n.ts';
import type { StoryAnswer } from '../db/schema.ts';
import { wordAnswers } from './forms.ts';
import { dirOf, originalLabel, shownTranslation, type ShownTranslation } from './shown.ts';
import type { Translation } from './store.ts';

export interface Sides {
  original: {
    label: string;
    language: string;
    dir: string;
    title: string;
    /** The language the questions were asked in ('' when not known). */
    promptLanguage: string;
    promptDir: string;
    answers: { prompt: string; value: string }[];
  };
  translation: ShownTranslation;
}

export function sidesOf(
  t: TFunction,
  pageLanguage: string,
  /** questionLanguage: the inquiry's, where the caller knows it better than the translation does. */
  story: { title: string; language: string; answers: StoryAnswer[]; questionLanguage?: string },
  found: Translation,
): Sides {
  const words = wordAnswers(story.answers);
  const asked = story.questionLanguage ?? found.question_language ?? '';
  const translation = { ...found, question_language: asked };
  return {
    original: {
      label: originalLabel(t, pageLanguage, story.language),
      language: story.language,
      dir: dirOf(story.language),
      title: story.title,
      promptLanguage: asked,
      promptDir: asked ? directionOf(asked.split('-')[0] ?? '') : 'auto',
      answers: words.map((a) => ({ prompt: a.prompt, value: a.value })),
    },
    translation: shownTranslation(t, pageLanguage, translation, words),
  };
}

/**
 * A panel's choice between the teller's words (the default) and a translation into the reader's language: the
 * choices as radios, and the two side by side when the translation is chosen.
 */
export function readingChoice(
  pageLanguage: string,
  story: { title: string; language: string; answers: StoryAnswer[]; questionLanguage?: string },
  translation: Translation,
  read: string,
) {
  const t = translator(pageLanguage);
  const sides = sidesOf(t, pageLanguage, story, translation);
  const name = languageNamer(pageLanguage);
  return {
    items: [
      {
        id: 'read-original',
        value: 'original',
        label: t('translations.panel.original', { language: story.language ? name(story.language) : '—' }),
        checked: !read,
      },
      {
        id: 'read-translation',
        value: 'translation',
        label: t('translations.panel.translation', { language: sides.translation.languageName }),
        checked: Boolean(read),
      },
    ],
    sides: read ? sides : undefined,
  };
}
