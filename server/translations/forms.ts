/**
 * The translation form, plain logic: which languages a story may be translated into (any interface language and
 * any the inquiry tells stories in, never the story's own), which of its answers are the teller's words to
 * translate, and reading what was typed. The translated words are kept exactly as typed, like the teller's.
 */
import { Type, type TObject, type TSchema } from '@sinclair/typebox';
import type { StoryAnswer } from '../db/schema.ts';
import { parseLanguages } from '../inquiries/checks.ts';
import { ANSWER_MAX, SHORT_MAX } from '../stories/capture.ts';
import type { FieldErrors, FormValues } from '../web/forms.ts';
import { LANGUAGES } from '../web/i18n.ts';
import type { TranslationInput } from './store.ts';

/** The answers that are the teller's own words (not choices, scales or dates, and not the title, asked apart). */
const WORDS = new Set(['story', 'why', 'long', 'short']);

export function wordAnswers(answers: StoryAnswer[]): StoryAnswer[] {
  return answers.filter((a) => WORDS.has(a.kind) && a.asked === null && a.value.trim() !== '');
}

const same = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/**
 * Languages offered: the interface's, then the inquiry's story languages (and, for a pack's or report's choice,
 * those its stories are already translated into); the story's own left out.
 */
export function languagesOffered(inquiryLanguages: string, storyLanguage: string, translated: string[] = []): string[] {
  const all = [...LANGUAGES, ...(parseLanguages(inquiryLanguages) ?? []), ...translated];
  return [...new Set(all)].filter((l) => !same(l, storyLanguage));
}

/** The form's fields for a story: its language, title and one box per answer of the teller's words. */
export function translationSchema(answers: StoryAnswer[]): TObject {
  const fields: Record<string, TSchema> = {
    language: Type.String({ maxLength: 40, errorMessage: 'translations.errors.language' }),
    title: Type.Optional(Type.String({ exact: true, maxLength: SHORT_MAX, errorMessage: 'translations.errors.title' })),
  };
  for (const a of wordAnswers(answers))
    fields[`answer-${a.position}`] = Type.Optional(
      Type.String({ exact: true, maxLength: ANSWER_MAX, errorMessage: 'translations.errors.tooLong' }),
    );
  return Type.Object(fields);
}

/**
 * What was typed, checked: a language offered (not the story's own), and the story itself translated (the first
 * answer of the teller's words may not be left blank). Other answers left blank are simply not translated.
 */
export function checkTranslation(
  values: Record<string, string | undefined>,
  answers: StoryAnswer[],
  offered: string[],
  storyLanguage: string,
): { ok: true; input: TranslationInput } | { ok: false; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const language = (values.language ?? '').trim();
  if (language && same(language, storyLanguage)) errors.language = 'translations.errors.sameLanguage';
  else if (!offered.includes(language)) errors.language = 'translations.errors.language';
  const words = wordAnswers(answers);
  const first = words[0];
  if (first && (values[`answer-${first.position}`] ?? '').trim() === '')
    errors[`answer-${first.position}`] = 'translations.errors.empty';
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    input: {
      language,
      title: (values.title ?? '').trim(),
      answers: words
        .map((a) => ({ position: a.position, value: values[`answer-${a.position}`] ?? '' }))
        .filter((a) => a.value.trim() !== ''),
    },
  };
}

/** A saved translation as the form's values, for editing it. */
export function translationValues(input: TranslationInput): FormValues {
  const values: FormValues = { language: input.language, title: input.title };
  for (const a of input.answers) values[`answer-${a.position}`] = a.value;
  return values;
}
