/**
 * What a pattern is made of: dimensions, each a plain answer per story (a choice, or a point on a scale). Each
 * provider below asks one owner for its part (domains, storyteller answers, themes, tags, selection, the stories'
 * own length and language); none reads another capability's tables. Only stories an output may show count.
 */
import type { TFunction } from 'i18next';
import type { Db } from '../db/database.ts';
import type { Inquiry } from '../db/schema.ts';
import { tagsOn } from '../codebook/tagging-store.ts';
import { listAttributes, listDomains } from '../inquiries/inquiries-store.ts';
import { questionLanguage } from '../inquiries/templates.ts';
import { roundPanels } from '../rounds/rounds-store.ts';
import { selectionsForInquiry } from '../rounds/selections-store.ts';
import type { Audience } from '../stories/consent.ts';
import type { PatternStory } from '../stories/list-store.ts';
import { significationAnswers, type SignificationQuestion } from '../stories/signification-store.ts';
import { languageNamer } from '../web/language-names.ts';
import { inquiryStorytellerAnswers } from '../stories/words-store.ts';
import { latestFinishedRun } from '../themes/runs-store.ts';
import { themeName } from '../themes/theme-words.ts';
import { themesWithStories } from '../themes/themes-store.ts';

/** The language of a dimension's label and options when they are the inquiry's own words, for marking on a page in another. */
interface OwnWords {
  lang?: string;
  optionsLang?: string;
}

export interface ChoiceDimension extends OwnWords {
  key: string;
  label: string;
  kind: 'choice';
  options: string[];
  /**
   * The options have an order of their own (a question's choices, domains, levels of selection, lengths): shown in
   * that order. Otherwise (themes, tags, free answers) largest first.
   */
  ordered?: boolean;
  /** storyId → chosen (one or several). */
  values: Map<number, string[]>;
}

export interface ScaleDimension extends OwnWords {
  key: string;
  label: string;
  kind: 'scale';
  /** The words at each end ('' when the scale has none, such as an age: its numbers alone are shown). */
  ends: [string, string];
  /** The scale's own ends when it has them (a slider: 0–100); otherwise the answers' range is used. */
  range?: [number, number];
  /** storyId → a point on the scale; absent = does not apply. */
  values: Map<number, number>;
  /** A slider's stories whose teller answered "does not apply" (absent from values, told apart from unanswered). */
  notApplying?: number[];
}

export type Dimension = ChoiceDimension | ScaleDimension;

/** Where each story got to in the inquiry's rounds: read by a panel; the highest level it was chosen at. */
export interface Reach {
  read: Set<number>;
  chosenAt: Map<number, number>;
  levels: number[];
}

export interface ProviderContext {
  db: Db;
  inquiry: Inquiry;
  stories: PatternStory[];
  t: TFunction;
  /** The page's language (the one t speaks): the stories' languages are named in it. */
  lang: string;
  /** Where the stories got to in rounds, when the caller has it already (the overview needs it too). */
  reach?: Reach;
  /** Who reads the numbers (funders, in a report's observations); the team when not given. */
  audience?: Audience;
}

type Provider = (context: ProviderContext) => Promise<Dimension[]>;

/** Story length in words: MSC warns that long, fluent stories are chosen more, so length is a dimension too. */
export const SHORT_WORDS = 150;
export const LONG_WORDS = 400;

const inSet = (stories: PatternStory[]) => new Set(stories.map((s) => s.id));

function choice(
  key: string,
  label: string,
  entries: [number, string][],
  options: string[] = [],
  ordered = false,
): ChoiceDimension {
  const values = new Map<number, string[]>();
  const seen = new Set<string>();
  for (const [id, value] of entries) {
    seen.add(value);
    const list = values.get(id);
    if (!list) values.set(id, [value]);
    else if (!list.includes(value)) list.push(value);
  }
  const extra = [...seen].filter((v) => !options.includes(v)).sort((a, b) => a.localeCompare(b));
  return { key, label, kind: 'choice', options: [...options.filter((o) => seen.has(o)), ...extra], ordered, values };
}

const domains: Provider = async ({ db, inquiry, stories, t }) => {
  const list = await listDomains(db, inquiry);
  // An inquiry without domains (Appreciative Inquiry) has no domain to chart, not an empty one.
  if (list.length === 0) return [];
  const names = new Map(list.map((d) => [d.id, d.name]));
  const entries = stories.flatMap((s): [number, string][] =>
    s.domain_id !== null && names.has(s.domain_id) ? [[s.id, names.get(s.domain_id)!]] : [],
  );
  return [
    {
      ...choice(
        'domain',
        t('patterns.dimensions.domain'),
        entries,
        list.map((d) => d.name),
        true,
      ),
      optionsLang: questionLanguage(inquiry.languages),
    },
  ];
};

const NUMBER = /^-?[0-9]+(\.[0-9]+)?$/;

/** What tellers said about themselves: a menu as a choice; free answers that are all numbers (an age) as a scale. */
const storytellerQuestions: Provider = async ({ db, inquiry, stories, audience }) => {
  const counted = inSet(stories);
  const [attributes, answers] = await Promise.all([
    listAttributes(db, inquiry),
    inquiryStorytellerAnswers(db, inquiry, audience),
  ]);
  const lang = questionLanguage(inquiry.languages);
  return attributes.map((a): Dimension => {
    const given = answers.filter((x) => x.attribute_id === a.id && counted.has(x.story_id) && x.value.trim() !== '');
    const key = `teller-${a.id}`;
    if (a.kind === 'short' && given.length > 0 && given.every((x) => NUMBER.test(x.value.trim()))) {
      const values = new Map(given.map((x) => [x.story_id, Number(x.value.trim())]));
      // No end words: the chart writes its lowest and highest answers as numbers, in the page's language.
      return { key, label: a.label, kind: 'scale', ends: ['', ''], values, lang };
    }
    let options: string[] = [];
    try {
      const parsed = JSON.parse(a.options) as unknown;
      if (Array.isArray(parsed)) options = parsed.filter((o): o is string => typeof o === 'string');
    } catch {
      options = [];
    }
    // A menu's options come in the order it offers them; free answers have none.
    const dimension = choice(
      key,
      a.label,
      given.map((x) => [x.story_id, x.value.trim()]),
      options,
      options.length > 0,
    );
    // Free answers are the tellers' words, in whatever language they gave them.
    return { ...dimension, lang, ...(options.length > 0 ? { optionsLang: lang } : {}) };
  });
};

/** The themes of the latest finished theme run (suggested or kept), named as people named them. */
const themes: Provider = async ({ db, inquiry, stories, t, audience }) => {
  const run = await latestFinishedRun(db, inquiry.alliance_id, inquiry.id);
  if (!run) return [];
  const { themes: list, members } = await themesWithStories(
    db,
    run,
    ['suggested', 'kept'],
    stories.map((s) => s.id),
    audience,
  );
  const names = new Map(list.map((th) => [th.id, themeName(t, th)]));
  return [
    choice(
      'theme',
      t('patterns.dimensions.theme'),
      members.map((m) => [m.story_id, names.get(m.theme_id) ?? '']),
      list.map((th) => names.get(th.id)!),
    ),
  ];
};

const tags: Provider = async ({ db, stories, t }) => {
  const on = await tagsOn(
    db,
    stories.map((s) => s.id),
  );
  return on.length
    ? [
        choice(
          'tag',
          t('patterns.dimensions.tag'),
          on.map((x) => [x.story_id, x.name]),
        ),
      ]
    : [];
};

/** Where each counted story got to in the inquiry's rounds (from the rounds capability). */
export async function reachOf(db: Db, inquiry: Inquiry, stories: PatternStory[]): Promise<Reach> {
  const counted = inSet(stories);
  const [{ readings }, selections] = await Promise.all([
    roundPanels(db, inquiry),
    selectionsForInquiry(db, inquiry.alliance_id, inquiry.id),
  ]);
  const read = new Set(readings.map((r) => r.story_id).filter((id) => counted.has(id)));
  const chosenAt = new Map<number, number>();
  for (const s of selections)
    if (counted.has(s.story_id)) chosenAt.set(s.story_id, Math.max(s.level, chosenAt.get(s.story_id) ?? 0));
  for (const id of chosenAt.keys()) read.add(id);
  const levels = [...new Set(chosenAt.values())].sort((a, b) => a - b);
  return { read, chosenAt, levels };
}

/** Reached which level of selection: not read by a panel, read but not chosen, chosen up to level N. */
export function selectionDimension(t: TFunction, stories: PatternStory[], reach: Reach): ChoiceDimension | undefined {
  if (reach.read.size === 0) return undefined;
  // Each label translated once, not once per story.
  const [notRead, notChosen] = [t('patterns.selection.notRead'), t('patterns.selection.notChosen')];
  const chosenAt = new Map(reach.levels.map((level) => [level, t('patterns.selection.chosenAt', { level })]));
  const outcome = (id: number) => {
    const level = reach.chosenAt.get(id);
    if (level !== undefined) return chosenAt.get(level)!;
    return reach.read.has(id) ? notChosen : notRead;
  };
  const options = [notRead, notChosen, ...chosenAt.values()];
  return choice(
    'selection',
    t('patterns.dimensions.selection'),
    stories.map((s) => [s.id, outcome(s.id)]),
    options,
    true,
  );
}

const selection: Provider = async ({ db, inquiry, stories, t, reach }) => {
  const dimension = selectionDimension(t, stories, reach ?? (await reachOf(db, inquiry, stories)));
  return dimension ? [dimension] : [];
};

export function lengthOf(t: TFunction, words: number): string {
  if (words < SHORT_WORDS) return t('patterns.length.short', { words: SHORT_WORDS });
  if (words < LONG_WORDS) return t('patterns.length.medium', { from: SHORT_WORDS, to: LONG_WORDS - 1 });
  return t('patterns.length.long', { words: LONG_WORDS });
}

/** The story's own facts: its length, and its language when any story records one, named in the reader's. */
const storyFacts: Provider = async ({ stories, t, lang }) => {
  // The three labels translated once, not once per story.
  const [short, medium, long] = [0, SHORT_WORDS, LONG_WORDS].map((w) => lengthOf(t, w)) as [string, string, string];
  const lengthLabel = (words: number) => (words < SHORT_WORDS ? short : words < LONG_WORDS ? medium : long);
  const length = choice(
    'length',
    t('patterns.dimensions.length'),
    stories.map((s) => [s.id, lengthLabel(s.word_count)]),
    [short, medium, long],
    true,
  );
  const told = stories.filter((s) => s.language.trim() !== '');
  if (told.length === 0) return [length];
  const name = languageNamer(lang);
  const names = new Map([...new Set(told.map((s) => s.language.trim()))].map((code) => [code, name(code)]));
  return [
    length,
    choice(
      'language',
      t('patterns.dimensions.language'),
      told.map((s) => [s.id, names.get(s.language.trim())!]),
    ),
  ];
};

/** The adapter: a slider (0–100, absent = does not apply) as a scale, a single or multiple choice as a choice. */
export function significationDimensions(
  questions: SignificationQuestion[],
  stories: PatternStory[],
  /** The inquiry's question language, its questions' and options' words are in. */
  lang?: string,
): Dimension[] {
  const counted = inSet(stories);
  return questions.map((q): Dimension => {
    const key = `question-${q.questionId}`;
    const answers = [...q.answers].filter(([id]) => counted.has(id));
    if (q.kind === 'slider') {
      const values = new Map(
        answers.flatMap(([id, v]): [number, number][] => (typeof v === 'number' ? [[id, v]] : [])),
      );
      const notApplying = [...(q.notApplying ?? [])].filter((id) => counted.has(id));
      return {
        key,
        label: q.prompt,
        kind: 'scale',
        ends: q.ends ?? ['0', '100'],
        range: [0, 100],
        values,
        notApplying,
        lang,
      };
    }
    const entries = answers.flatMap(([id, v]): [number, string][] => (Array.isArray(v) ? v.map((o) => [id, o]) : []));
    return { ...choice(key, q.prompt, entries, q.options ?? [], true), lang, optionsLang: lang };
  });
}

/** The tellers' own answers about their stories (self-signification). */
const signification: Provider = async ({ db, inquiry, stories }) =>
  significationDimensions(await significationAnswers(db, inquiry.id), stories, questionLanguage(inquiry.languages));

/**
 * Every provider, in the order their dimensions are shown. Nothing here ranks people: there is deliberately no
 * provider by interviewer, team or organisation.
 */
export const PROVIDERS: Provider[] = [
  domains,
  signification,
  storytellerQuestions,
  themes,
  tags,
  selection,
  storyFacts,
];

export async function buildDimensions(context: ProviderContext): Promise<Dimension[]> {
  return (await Promise.all(PROVIDERS.map((provide) => provide(context)))).flat();
}

/** A dimension's label with its language, for views/partials/words.hbs: {{> words text=… lang=…}}. */
export const labelWords = (d: Dimension) => ({ text: d.label, lang: d.lang });

/** The stories that have an answer in this dimension. */
export function answered(dimension: Dimension): number[] {
  return [...dimension.values.keys()];
}

/** A slider every teller answered "does not apply" to: nothing to chart, compare or test. */
export function allNotApplying(dimension: Dimension): dimension is ScaleDimension {
  return dimension.kind === 'scale' && dimension.values.size === 0 && (dimension.notApplying?.length ?? 0) > 0;
}

/** Whether some story holds several values (tags, themes, multiple choice): counts, but no test of independence. */
export function severalPerStory(dimension: Dimension): boolean {
  return dimension.kind === 'choice' && [...dimension.values.values()].some((v) => v.length > 1);
}
