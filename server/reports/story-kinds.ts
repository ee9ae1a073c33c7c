/**
 * What kinds of stories were told, for meta-monitoring (MSC step 9): by each question the teller answered about
 * their own story, by length and by the language it was told in. MSC warns that panels lean toward long, fluent,
 * success stories; these groupings let the report say whether they did. Plain functions: no database, no web.
 */
import type { TFunction } from 'i18next';
import { LONG_WORDS, SHORT_WORDS, lengthOf } from '../patterns/dimensions.ts';
import type { SignificationCounts, SignificationQuestion } from '../stories/signification-store.ts';
import { languageNamer } from '../web/language-names.ts';
import { toldIn, type Grouping } from './groups.ts';

/** A slider's answer (0–100) in thirds, the outer two named by the slider's own plain-language ends. */
export function sliderBands(t: TFunction, ends: [string, string]): [string, string, string] {
  return [
    t('reports.meta.bands.low', { end: ends[0] }),
    t('reports.meta.bands.middle'),
    t('reports.meta.bands.high', { end: ends[1] }),
  ];
}

export const bandOf = (value: number): 0 | 1 | 2 => (value <= 33 ? 0 : value <= 66 ? 1 : 2);

/** The groups one answer puts a story in: a slider's third, or the options chosen (each once). */
function answerGroups(q: Pick<SignificationQuestion, 'kind'>, bands: string[], value: number | string[]): string[] {
  if (q.kind === 'slider') return typeof value === 'number' ? [bands[bandOf(value)]!] : [];
  return Array.isArray(value) ? [...new Set(value)] : [];
}

/**
 * One grouping per question about the teller's own story, a choice by its options, a slider in thirds: the told
 * counts from the database's count of each answer (`counted`), and the groups of the few stories read or chosen
 * from their own answers (`answers`); `told` stories in all.
 */
export function significationGroupings(
  t: TFunction,
  counted: SignificationCounts[],
  answers: SignificationQuestion[],
  told: number,
): Grouping[] {
  const none = t('reports.meta.notAnswered');
  const own = new Map(answers.map((q) => [q.questionId, q.answers]));
  return counted.map((q) => {
    const bands = q.kind === 'slider' ? sliderBands(t, q.ends ?? ['0', '100']) : [];
    const rows = q.counts.map((c) => ({ groups: answerGroups(q, bands, c.value), n: c.n }));
    let groups: string[] = bands;
    if (q.kind !== 'slider') {
      const options = q.options ?? [];
      // Answers to options since renamed or removed still count, after the current options.
      const others = [...new Set(rows.flatMap((r) => r.groups))].filter((v) => !options.includes(v));
      groups = [...options, ...others.sort((a, b) => a.localeCompare(b))];
    }
    const of = new Map<number, readonly string[]>();
    for (const [id, value] of own.get(q.questionId) ?? []) {
      const mine = answerGroups(q, bands, value);
      if (mine.length) of.set(id, mine);
    }
    return {
      key: `question-${q.questionId}`,
      label: q.prompt,
      about: 'stories',
      ...toldIn(groups, rows, told, none),
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

/** How many stories told are of each length band (0 short, 1 medium, 2 long) and language. */
export interface KindCount {
  band: number;
  language: string;
  n: number;
}

const BAND_WORDS = [0, SHORT_WORDS, LONG_WORDS];
export const bandOfLength = (words: number) => (words < SHORT_WORDS ? 0 : words < LONG_WORDS ? 1 : 2);

/** Story length in the pattern views' bands (short, medium, long). */
export function lengthGrouping(t: TFunction, counted: KindCount[], stories: StoryFacts[]): Grouping {
  const names = BAND_WORDS.map((words) => lengthOf(t, words));
  const told = new Map(names.map((name) => [name, 0]));
  for (const c of counted) told.set(names[c.band]!, told.get(names[c.band]!)! + c.n);
  return {
    key: 'length',
    label: t('patterns.dimensions.length'),
    about: 'stories',
    groups: names,
    told,
    of: new Map(stories.map((s) => [s.id, [names[bandOfLength(s.word_count)]!]])),
    none: '',
    several: false,
  };
}

/** The language each story was told in, when any story records one (a single unrecorded language says nothing). */
export function languageGrouping(
  t: TFunction,
  reportLanguage: string,
  counted: KindCount[],
  stories: StoryFacts[],
): Grouping | undefined {
  const recorded = counted.filter((c) => c.language.trim() !== '');
  if (recorded.length === 0) return undefined;
  const name = languageNamer(reportLanguage);
  const rows = recorded.map((c) => ({ groups: [name(c.language.trim())], n: c.n }));
  const none = t('reports.meta.noLanguage');
  const groups = [...new Set(rows.map((r) => r.groups[0]!))].sort((a, b) => a.localeCompare(b));
  const told = counted.reduce((sum, c) => sum + c.n, 0);
  const of = new Map(stories.filter((s) => s.language.trim() !== '').map((s) => [s.id, [name(s.language.trim())]]));
  return {
    key: 'language',
    label: t('patterns.dimensions.language'),
    about: 'stories',
    ...toldIn(groups, rows, told, none),
    of,
    none,
    several: false,
  };
}

/** Every grouping of the stories by kind, in the order the report shows them. */
export function storyKinds(
  t: TFunction,
  reportLanguage: string,
  counted: { kinds: KindCount[]; signification: SignificationCounts[] },
  stories: { facts: StoryFacts[]; signification: SignificationQuestion[] },
): Grouping[] {
  const told = counted.kinds.reduce((sum, c) => sum + c.n, 0);
  const language = languageGrouping(t, reportLanguage, counted.kinds, stories.facts);
  return [
    ...significationGroupings(t, counted.signification, stories.signification, told),
    lengthGrouping(t, counted.kinds, stories.facts),
    ...(language ? [language] : []),
  ];
}
