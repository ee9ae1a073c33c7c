/**
 * Method templates: what a new inquiry starts with. Most Significant Change (Davies & Dart, 2005), Appreciative
 * Inquiry's 5-D cycle, or a plain custom guide. Everything here is a starting point the coordinator edits.
 */
import type { Method } from '../db/schema.ts';
import type { Template, TemplateQuestion } from './template-types.ts';
import { PROMPT_WORDS_AR, READY_SET_AR, TEMPLATES_AR } from './templates-ar.ts';
import { PROMPT_WORDS_ES, READY_SET_ES, TEMPLATES_ES } from './templates-es.ts';
import { PROMPT_WORDS_FR, READY_SET_FR, TEMPLATES_FR } from './templates-fr.ts';

export type { Template, TemplateAttribute, TemplateQuestion } from './template-types.ts';

const WHO = {
  label: 'Who are you?',
  kind: 'single',
  options: ['Citizen', 'Family member', 'Worker', 'Manager', 'Leader'],
} as const;
const AGE = {
  label: 'Age band',
  kind: 'single',
  options: ['Under 18', '18–25', '26–40', '41–65', 'Over 65', 'Prefer not to say'],
} as const;
const PLACE = { label: 'Place', kind: 'short' } as const;

const CONSENT =
  'We would like to keep your story and use it to learn what is changing and why. You choose what it may be used ' +
  'for: being read by the panels that choose stories, being printed in story packs for events, being quoted ' +
  'in reports, being shared with our funders, and being published. You can keep your name out of it. You can ask ' +
  'for your story to be withdrawn at any time, and it will be removed from everything. If we record the interview, ' +
  'you also choose whether we keep the recording and whether the panels may hear it.';

export const TEMPLATES: Record<Method, Template> = {
  msc: {
    codePrefix: 'MSC',
    periodWords: 'six months',
    domains: [
      { name: "Changes in people's lives", description: 'Changes in the lives of the people the alliance works with.' },
      {
        name: 'Changes in how services work together',
        description: 'Changes in how organisations and workers work with each other and with people.',
      },
      { name: 'Any other change', description: 'Any other change that matters, good or bad.' },
    ],
    questions: [
      {
        kind: 'story',
        prompt: 'Looking back over the last [period], what do you think was the most significant change in [domain]?',
        help: 'Let the storyteller tell it their way. Write down their words as they say them.',
        required: true,
      },
      {
        kind: 'why',
        prompt: 'Why is this significant to you?',
        help: 'Their reasons, in their words.',
        required: true,
      },
      {
        kind: 'long',
        prompt: 'What difference has it made, or will it make in the future?',
        help: '',
        required: false,
      },
      {
        kind: 'long',
        prompt: 'Looking back over the last [period], was there a change for the worse? Tell me about it.',
        help: 'Optional: tellers may be asked about negative changes too.',
        required: false,
      },
      {
        kind: 'title',
        prompt: 'What title would you give your story?',
        help: 'A few words, in the storyteller’s own words.',
        required: true,
      },
    ],
    attributes: [WHO, AGE, PLACE],
    consentStatement: CONSENT,
  },
  ai: {
    codePrefix: 'AI',
    periodWords: '',
    domains: [],
    questions: [
      {
        kind: 'story',
        phase: 'discover',
        prompt:
          'Tell me about a time when [topic] was at its best — when you felt most engaged and proud. What happened?',
        help: 'Discover: the best of what is. Ask for a real moment, with who was there and what they did.',
        required: true,
      },
      {
        kind: 'why',
        phase: 'discover',
        prompt: 'What made that possible? What do you value most about it?',
        help: '',
        required: true,
      },
      { kind: 'title', phase: 'discover', prompt: 'What title would you give your story?', help: '', required: true },
      {
        kind: 'long',
        phase: 'dream',
        prompt: 'Imagine it is three years from now and [topic] is everything you hoped. What do you see happening?',
        help: 'Dream: what could be.',
        required: false,
      },
      {
        kind: 'long',
        phase: 'design',
        prompt: 'What would need to be in place — in how we work, and work together — to make that happen?',
        help: 'Design: what should be.',
        required: false,
      },
      {
        kind: 'long',
        phase: 'deliver',
        prompt: 'What is one thing you, or we, could start doing now?',
        help: 'Deliver: what will be.',
        required: false,
      },
    ],
    attributes: [WHO, PLACE],
    consentStatement: CONSENT,
  },
  custom: {
    codePrefix: 'ST',
    periodWords: '',
    domains: [],
    questions: [
      { kind: 'story', prompt: 'Tell me your story.', help: '', required: true },
      { kind: 'title', prompt: 'What title would you give your story?', help: '', required: true },
    ],
    attributes: [WHO],
    consentStatement: CONSENT,
  },
};

/** The languages a template is written in; a new inquiry's questions start in one of them. */
export const TEMPLATE_LANGUAGES = ['en', 'es', 'fr', 'ar'] as const;
export type TemplateLanguage = (typeof TEMPLATE_LANGUAGES)[number];

/**
 * The ready set of questions the teller answers about their own story (self-signification, after Kurtz's PNI),
 * added to any guide with one button: sliders between two ends in plain words, and choices.
 */
export const READY_SET: TemplateQuestion[] = [
  {
    kind: 'slider',
    prompt: 'How do you feel about this story?',
    help: '',
    required: false,
    options: ['Very bad', 'Very good'],
  },
  {
    kind: 'single',
    prompt: 'How long ago did this happen?',
    help: '',
    required: false,
    options: ['In the last month', 'One to six months ago', 'Six months to a year ago', 'More than a year ago'],
  },
  {
    kind: 'slider',
    prompt: 'How much did this change things?',
    help: '',
    required: false,
    options: ['Not at all', 'Completely'],
  },
  {
    kind: 'multiple',
    prompt: 'Who should hear this story?',
    help: 'Tick all that apply.',
    required: false,
    options: ['People like me', 'Workers and volunteers', 'Managers', 'Funders and commissioners', 'Everyone'],
  },
  {
    kind: 'single',
    prompt: 'Is this story mostly about a person, a service or a community?',
    help: '',
    required: false,
    options: ['A person', 'A service', 'A community'],
  },
];

/** The ready set in the language the inquiry's questions are asked in. */
export function readySetFor(language: string | undefined): TemplateQuestion[] {
  return inLanguage(language).readySet;
}

/** The method's template in this language (English for any language it is not written in). */
export function templateFor(method: Method, language: string | undefined): Template {
  return inLanguage(language).templates[method];
}

const PROMPT_WORDS_EN = {
  period: 'reporting period',
  domain: 'the domain chosen',
  topic: 'this',
  domainChosenAbove: 'the domain chosen above',
  /** On the paper form the domain is ticked in a list above the questions. */
  domainTicked: 'the domain ticked above',
  /** On the public link the teller reads the question: no "domain", which is the team's word. */
  areaYouChose: 'the area you chose above',
  lifeOrWork: 'your life or work',
  anyOtherChange: 'any area of life or work',
};

/** The language an inquiry's questions are asked in: the first of its story languages a template is written in. */
export function questionLanguage(languages: string | null | undefined): TemplateLanguage {
  const codes = (languages ?? '').split(',').map((l) => l.trim().toLowerCase().split(/[-_]/)[0]);
  return codes.find((c): c is TemplateLanguage => (TEMPLATE_LANGUAGES as readonly string[]).includes(c ?? '')) ?? 'en';
}

/** Words that fill a question where nothing else does, in the question's language. */
export function promptWords(language: string | undefined): typeof PROMPT_WORDS_EN {
  return inLanguage(language).promptWords;
}

interface Written {
  templates: Record<Method, Template>;
  readySet: TemplateQuestion[];
  promptWords: typeof PROMPT_WORDS_EN;
}

/** Everything a template language has written, by language: a new language is one line here. */
const WRITTEN: Record<TemplateLanguage, Written> = {
  en: { templates: TEMPLATES, readySet: READY_SET, promptWords: PROMPT_WORDS_EN },
  es: { templates: TEMPLATES_ES, readySet: READY_SET_ES, promptWords: PROMPT_WORDS_ES },
  fr: { templates: TEMPLATES_FR, readySet: READY_SET_FR, promptWords: PROMPT_WORDS_FR },
  ar: { templates: TEMPLATES_AR, readySet: READY_SET_AR, promptWords: PROMPT_WORDS_AR },
};

function inLanguage(language: string | undefined): Written {
  return (TEMPLATE_LANGUAGES as readonly string[]).includes(language ?? '')
    ? WRITTEN[language as TemplateLanguage]
    : WRITTEN.en;
}

const plainWords = (text: string) => text.trim().toLowerCase().replace(/\.+$/, '');

/** The ready set's help on its "tick all" question, in every template language: an instruction, not a hint. */
const TICK_ALL_HELPS = new Set(
  Object.values(WRITTEN).flatMap((w) =>
    w.readySet.filter((q) => q.kind === 'multiple' && q.help).map((q) => plainWords(q.help)),
  ),
);

/**
 * Does a question's help only say to tick all that apply? The paper form prints that instruction itself under every
 * multiple-choice question, so it leaves such a help out rather than print the instruction twice.
 */
export function onlySaysTickAll(help: string): boolean {
  return TICK_ALL_HELPS.has(plainWords(help));
}

/** Fills [period], [domain] and [topic] into a prompt; a blank value leaves a readable phrase in its language. */
export function fillPrompt(
  prompt: string,
  values: { period?: string; domain?: string; topic?: string },
  language?: string,
): string {
  const words = promptWords(language);
  return prompt
    .replaceAll('[period]', values.period || words.period)
    .replaceAll('[domain]', values.domain || words.domain)
    .replaceAll('[topic]', values.topic || words.topic);
}

/**
 * A question as a template writes it in another language: "Why is this significant to you?" is "Pourquoi ce
 * changement compte-t-il pour vous ?" in French. Only questions asked word for word as written (no [period] or [domain] filled
 * in): a guide keeps one wording per question, so anything else has no other language's version.
 */
export function promptIn(prompt: string, from: string, to: string): string | undefined {
  const isWritten = (l: string): l is TemplateLanguage => (TEMPLATE_LANGUAGES as readonly string[]).includes(l);
  if (!isWritten(from) || !isWritten(to) || from === to) return undefined;
  const lists = (l: TemplateLanguage) => [
    ...Object.values(WRITTEN[l].templates).map((t) => t.questions),
    WRITTEN[l].readySet,
  ];
  const theirs = lists(to);
  const wanted = prompt.trim();
  for (const [i, list] of lists(from).entries()) {
    const at = list.findIndex((q) => q.prompt.trim() === wanted && !q.prompt.includes('['));
    if (at >= 0) return theirs[i]?.[at]?.prompt;
  }
  return undefined;
}
