/**
 * What kinds of stories were told, for meta-monitoring (MSC step 9): by each question the teller answered about
 * their own story, by length and by the language it was told in. MSC warns that panels lean toward long, fluent,
 * success stories; these groupings let the report say whether they did. Plain functions: no database, no web.
 */
import type { TFunction } from 'i18next';
import { LONG_WORDS, SHORT_WORDS, lengthOf } from '../patterns/dimensions.ts';
import type { SignificationQuestion } from '../stories/signification-store.ts';
import { withNone, type Grouping } from './groups.ts';

/** A slider's answer (0–100) in thirds, the outer two named by the slider's own plain-language ends. */
export function sliderBands(t: TFunction, ends: [string, string]): [string, string, string] {
  return [
    t('reports.meta.bands.low', { end: ends[0] }),
    t('reports.meta.bands.middle'),
    t('reports.meta.bands.high', { end: ends[1] }),
  ];
}

export const bandOf = (value: number): 0 | 1 | 2 => (value <= 33 ? 0 : value <= 66 ? 1 : 2);

/** One grouping per question about the teller's own story: a choice by its options, a slider in thirds. */
export function significationGroupings(
  t: TFunction,
  questions: SignificationQuestion[],
  storyIds: number[],
): Grouping[] {
  const none = t('reports.meta.notAnswered');
  const counted = new Set(storyIds);
  return questions.map((q) => {
    const of = new Map<number, readonly string[]>();
    let groups: string[];
    if (q.kind === 'slider') {
      groups = sliderBands(t, q.ends ?? ['0', '100']);
      for (const [id, value] of q.answers)
        if (counted.has(id) && typeof value === 'number') of.set(id, [groups[bandOf(value)]!]);
    } else {
      const options = q.options ?? [];
      for (const [id, value] of q.answers)
        if (counted.has(id) && Array.isArray(value) && value.length) of.set(id, [...new Set(value)]);
      // Answers to options since renamed or removed still count, after the current options.
      const others = [...new Set([...of.values()].flat())].filter((v) => !options.includes(v));
      groups = [...options, ...others.sort((a, b) => a.localeCompare(b))];
    }
    return {
      key: `question-${q.questionId}`,
      label: q.prompt,
      about: 'stories',
      groups: withNone(groups, of, none, storyIds),
      of,
      none,
      several: q.kind === 'multiple',
    };
  });
}

export interface StoryFacts {
  id: number;
  word_count: number;
  language: string;
}

/** Story length in the pattern views' bands (short, medium, long). */
export function lengthGrouping(t: TFunction, stories: StoryFacts[]): Grouping {
  return {
    key: 'length',
    label: t('patterns.dimensions.length'),
    about: 'stories',
    groups: [0, SHORT_WORDS, LONG_WORDS].map((words) => lengthOf(t, words)),
    of: new Map(stories.map((s) => [s.id, [lengthOf(t, s.word_count)]])),
    none: '',
    several: false,
  };
}

/** "es" → "Spanish" (in the report's language); the code itself when it names no language. */
export function languageNamer(reportLanguage: string): (code: string) => string {
  let names: Intl.DisplayNames | undefined;
  try {
    names = new Intl.DisplayNames([reportLanguage], { type: 'language', fallback: 'none' });
  } catch {
    names = undefined;
  }
  return (code) => {
    try {
      return names?.of(code) ?? code;
    } catch {
      return code;
    }
  };
}

/** The language each story was told in, when any story records one (a single unrecorded language says nothing). */
export function languageGrouping(t: TFunction, reportLanguage: string, stories: StoryFacts[]): Grouping | undefined {
  const recorded = stories.filter((s) => s.language.trim() !== '');
  if (recorded.length === 0) return undefined;
  const name = languageNamer(reportLanguage);
  const of = new Map(recorded.map((s) => [s.id, [name(s.language.trim())]]));
  const none = t('reports.meta.noLanguage');
  const groups = [...new Set([...of.values()].flat())].sort((a, b) => a.localeCompare(b));
  return {
    key: 'language',
    label: t('patterns.dimensions.language'),
    about: 'stories',
    groups: withNone(
      groups,
      of,
      none,
      stories.map((s) => s.id),
    ),
    of,
    none,
    several: false,
  };
}

/** Every grouping of the stories by kind, in the order the report shows them. */
export function storyKinds(
  t: TFunction,
  reportLanguage: string,
  questions: SignificationQuestion[],
  stories: StoryFacts[],
): Grouping[] {
  const language = languageGrouping(t, reportLanguage, stories);
  return [
    ...significationGroupings(
      t,
      questions,
      stories.map((s) => s.id),
    ),
    lengthGrouping(t, stories),
    ...(language ? [language] : []),
  ];
}
