/**
 * The interview form, built from an inquiry's guide: its schema (field names q<question id>, a<attribute id>),
 * the checks a draft must pass and the further ones a recorded story must pass, and turning what was typed into
 * a story. Pure logic: nothing here knows about HTTP or the database.
 */
import { Type, type TObject, type TSchema } from '@sinclair/typebox';
import {
  CONSENT_USES,
  CONSENT_WAYS,
  RECORDING_USES,
  type ConsentUse,
  type ConsentWay,
  type Question,
  type RecordingUse,
} from '../db/schema.ts';
import type { Guide } from '../inquiries/inquiries-store.ts';
import { fillPrompt, promptWords, questionLanguage } from '../inquiries/templates.ts';
import { readFields, type FieldErrors, type FormValues } from '../web/forms.ts';
import type { StoryInput } from './store.ts';

/** The longest answer Hearth keeps: far more than any interview, small enough to refuse a pasted book. */
export const ANSWER_MAX = 100_000;
export const SHORT_MAX = 500;

const date = (message: string) =>
  Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', errorMessage: message }));
const id = (message: string) => Type.Optional(Type.String({ pattern: '^[0-9]{1,12}$', errorMessage: message }));

export type CaptureMode = 'interview' | 'public';

/** The uses a form asks about: an interview also asks about its recording; the public link records nothing. */
export function usesAsked(mode: CaptureMode): readonly (ConsentUse | RecordingUse)[] {
  return mode === 'interview' ? [...CONSENT_USES, ...RECORDING_USES] : CONSENT_USES;
}

export function interviewSchema(guide: Guide, mode: CaptureMode, editing = false): TObject {
  const fields: Record<string, TSchema> = {
    intent: Type.Optional(
      Type.Union([Type.Literal('draft'), Type.Literal('record')], { errorMessage: 'forms.invalid' }),
    ),
    domainId: id('stories.errors.domain'),
    storyteller: Type.Optional(Type.String({ maxLength: 120, errorMessage: 'stories.errors.storyteller' })),
    language: Type.Optional(Type.String({ maxLength: 20, errorMessage: 'stories.errors.language' })),
    consent: Type.Array(Type.Union(usesAsked(mode).map((u) => Type.Literal(u))), {
      errorMessage: 'stories.errors.consentUse',
    }),
    anonymous: Type.Optional(Type.Literal('yes', { errorMessage: 'forms.invalid' })),
    website: Type.Optional(Type.String({ maxLength: 0, errorMessage: 'forms.invalid' })), // honeypot, see public routes
  };
  if (mode === 'interview') {
    Object.assign(fields, {
      route: Type.Optional(
        Type.Union([Type.Literal('interview'), Type.Literal('paper')], { errorMessage: 'forms.invalid' }),
      ),
      partnerId: id('stories.errors.partner'),
      toldOn: date('stories.errors.date'),
      toldWhere: Type.Optional(Type.String({ maxLength: 200, errorMessage: 'stories.errors.short' })),
      consentHow: Type.Optional(
        Type.Union(
          CONSENT_WAYS.map((w) => Type.Literal(w)),
          { errorMessage: 'stories.errors.consentHow' },
        ),
      ),
      consentOn: date('stories.errors.date'),
    });
  }
  for (const q of guide.questions) {
    const name = `q${q.id}`;
    if (q.kind === 'multiple')
      fields[name] = Type.Array(Type.String({ maxLength: SHORT_MAX }), { errorMessage: 'stories.errors.choice' });
    else if (q.kind === 'scale') {
      fields[name] = Type.Optional(
        Type.String({ pattern: '^(100|[1-9]?[0-9])$', errorMessage: 'stories.errors.scale' }),
      );
      fields[`${name}na`] = Type.Optional(Type.Literal('yes', { errorMessage: 'forms.invalid' }));
    } else if (q.kind === 'slider')
      // "n/a": the teller said it does not apply to their story.
      fields[name] = Type.Optional(
        Type.String({ pattern: '^(100|[1-9]?[0-9]|n/a)$', errorMessage: 'stories.errors.slider' }),
      );
    else if (q.kind === 'date') fields[name] = date('stories.errors.date');
    else {
      const long = ['story', 'why', 'long'].includes(q.kind);
      fields[name] = Type.Optional(
        Type.String({
          maxLength: long ? ANSWER_MAX : SHORT_MAX,
          exact: long,
          errorMessage: long ? 'stories.errors.tooLong' : 'stories.errors.short',
        }),
      );
    }
  }
  // Editing recorded words asks why, for the version history.
  if (editing) fields.note = Type.Optional(Type.String({ maxLength: 500, errorMessage: 'stories.errors.short' }));
  for (const a of guide.attributes)
    fields[`a${a.id}`] = Type.Optional(Type.String({ maxLength: 200, errorMessage: 'stories.errors.short' }));
  return Type.Object(fields);
}

export type InterviewValues = Record<string, string | string[] | undefined>;

function options(q: { options: string }): string[] {
  return JSON.parse(q.options) as string[];
}

/** The furthest time zone ahead of UTC (Kiribati's): where the calendar turns first. */
const EARLIEST_ZONE_MS = 14 * 60 * 60 * 1000;
/** Stories are told by living people about their own lives: a date before this is a mistyped year (1026, 1926?). */
export const EARLIEST_DATE = '1900-01-01';

/**
 * A real calendar date, from 1900 and not after today. "Today" is the teller's, wherever they are: a date is refused
 * only once it has not begun anywhere yet, so in Amman or Sydney today's own date is never called the future.
 */
export function dateProblem(value: string | undefined, today: Date): string | undefined {
  if (!value) return undefined;
  const d = new Date(`${value}T00:00:00Z`);
  if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== value) return 'stories.errors.date';
  if (value < EARLIEST_DATE) return 'stories.errors.tooOld';
  if (value > new Date(today.getTime() + EARLIEST_ZONE_MS).toISOString().slice(0, 10))
    return 'stories.errors.futureDate';
  return undefined;
}

const isBlank = (v: string | string[] | undefined) =>
  v === undefined || (Array.isArray(v) ? v.length === 0 : v.trim() === '');

/**
 * What the schema cannot say: choices from the guide's lists, real dates, known domain and partner — and, when the
 * story is being recorded rather than saved as a draft, every required answer, the storyteller and the consent.
 */
export function checkInterview(
  guide: Guide,
  values: InterviewValues,
  context: { mode: CaptureMode; partnerIds: number[]; today: Date },
): FieldErrors {
  const errors: FieldErrors = {};
  const recording = values.intent !== 'draft';
  const { domains, questions, attributes, inquiry } = guide;
  // A teller on the public link has no draft to save and has never heard of a "domain of change": told plainly.
  const said = (key: string) => (context.mode === 'public' ? `${key}_public` : key);

  if (values.domainId && !domains.some((d) => String(d.id) === values.domainId))
    errors.domainId = said('stories.errors.domain');
  if (values.partnerId && !context.partnerIds.includes(Number(values.partnerId)))
    errors.partnerId = 'stories.errors.partner';
  const languages = inquiry.languages.split(',').map((l) => l.trim());
  if (values.language && !languages.includes(values.language as string)) errors.language = 'stories.errors.language';
  for (const field of ['toldOn', 'consentOn'] as const) {
    const problem = dateProblem(values[field] as string | undefined, context.today);
    if (problem) errors[field] = problem;
  }
  for (const q of questions) {
    const name = `q${q.id}`;
    const value = values[name];
    if (q.kind === 'single' && typeof value === 'string' && value && !options(q).includes(value))
      errors[name] = 'stories.errors.choice';
    if (q.kind === 'multiple' && Array.isArray(value) && value.some((v) => !options(q).includes(v)))
      errors[name] = 'stories.errors.choice';
    if (q.kind === 'date') {
      const problem = dateProblem(value as string | undefined, context.today);
      if (problem) errors[name] = problem;
    }
    if (recording && q.required && !errors[name]) {
      const answered = q.kind === 'scale' ? !isBlank(value) || values[`${name}na`] === 'yes' : !isBlank(value);
      if (!answered) errors[name] = said('stories.errors.required');
    }
  }
  for (const a of attributes) {
    const value = values[`a${a.id}`];
    if (a.kind === 'single' && typeof value === 'string' && value && !options(a).includes(value))
      errors[`a${a.id}`] = 'stories.errors.choice';
  }
  // One ticked box arrives as a string, several as a list.
  const uses = [values.consent ?? []].flat();
  if (recording) {
    if (domains.length > 0 && !values.domainId && !errors.domainId)
      errors.domainId = said('stories.errors.domainRequired');
    if (context.mode === 'interview') {
      // An anonymous teller may go without a pseudonym: the story's code tells it apart.
      if (isBlank(values.storyteller) && values.anonymous !== 'yes') errors.storyteller = 'stories.errors.storyteller';
      if (!values.consentHow) errors.consentHow = 'stories.errors.consentHow';
      if (!values.consentOn && !errors.consentOn) errors.consentOn = 'stories.errors.consentOn';
    }
    // An interviewer asked and records the answer, "none" included; alone on the public link, no box ticked is
    // most likely a box missed, and a story sent to be used for nothing.
    if (context.mode === 'public' && uses.length === 0) errors.consent = 'stories.errors.noUse_public';
  }
  // Hearing a recording that is not kept means nothing: say so rather than store a consent that cannot be honoured.
  if (uses.includes('hearing') && !uses.includes('recording')) errors.consent = 'stories.errors.hearingNeedsRecording';
  return errors;
}

/** The guide's prompt as the storyteller heard it: [period], [domain] and [topic] filled in. */
export function askedPrompt(guide: Guide, q: Question, domainId: number | null): string {
  const domain = guide.domains.find((d) => d.id === domainId)?.name;
  const language = questionLanguage(guide.inquiry.languages);
  return fillPrompt(
    q.prompt,
    {
      period: guide.inquiry.period_words,
      domain: domain && domainPhrase(domain, language),
      topic: guide.inquiry.ai_topic,
    },
    language,
  );
}

/** A template's "any other change" domain, in each template language. */
const ANY_OTHER_CHANGE = /^(any other change|cualquier otro cambio|tout autre changement|أي تغيير آخر)$/i;
/** The words a template's domain names open with, which the question already says ("… change in [domain]"). */
const CHANGES_IN = /^(changes? in|cambios? en|changements? dans|(ال)?تغي[ّ]?(ي)?رات في|(ال)?تغيير في) /i;

/** A domain's name as it reads inside the question: "Changes in people's lives" -> "people's lives" (every template language). */
export function domainPhrase(name: string, language?: string): string {
  if (ANY_OTHER_CHANGE.test(name.trim())) return promptWords(language).anyOtherChange;
  const phrase = name.trim().replace(CHANGES_IN, '');
  return phrase.charAt(0).toLowerCase() + phrase.slice(1);
}

/** Turns checked form values into a story to save. Unanswered questions are kept out, not stored empty. */
export function toStoryInput(
  guide: Guide,
  values: InterviewValues,
  context: { mode: CaptureMode; today: Date },
): StoryInput {
  const domainId = values.domainId ? Number(values.domainId) : null;
  const answers: StoryInput['answers'] = [];
  let title = '';
  for (const q of guide.questions) {
    const name = `q${q.id}`;
    const raw = values[name];
    let value: string;
    if (q.kind === 'multiple') value = Array.isArray(raw) && raw.length ? JSON.stringify(raw) : '';
    else if (q.kind === 'scale') value = values[`${name}na`] === 'yes' ? 'n/a' : ((raw as string | undefined) ?? '');
    else value = (raw as string | undefined) ?? '';
    if (value === '') continue;
    if (q.kind === 'title' && !title) title = value.trim();
    answers.push({
      questionId: q.id,
      kind: q.kind,
      prompt: askedPrompt(guide, q, domainId),
      value,
      ...(q.about_story ? { asked: options(q) } : {}),
    });
  }
  const consented = new Set((values.consent as string[] | undefined) ?? []);
  const consent = Object.fromEntries(usesAsked(context.mode).map((u) => [u, consented.has(u)])) as Record<
    ConsentUse,
    boolean
  > &
    Partial<Record<RecordingUse, boolean>>;
  const today = context.today.toISOString().slice(0, 10);
  return {
    domainId,
    title,
    language: (values.language as string | undefined) || guide.inquiry.languages.split(',')[0]!.trim() || 'en',
    storyteller: ((values.storyteller as string | undefined) ?? '').trim(),
    partnerId: values.partnerId ? Number(values.partnerId) : null,
    toldOn: (values.toldOn as string | undefined) || (context.mode === 'public' ? today : null),
    toldWhere: (values.toldWhere as string | undefined) ?? '',
    consent: {
      ...consent,
      anonymous: values.anonymous === 'yes',
      // Told through the public link: the teller gave consent themselves, online, today.
      how: context.mode === 'public' ? 'online' : ((values.consentHow as ConsentWay | undefined) ?? null),
      on: context.mode === 'public' ? today : ((values.consentOn as string | undefined) ?? null),
    },
    answers,
    attributes: guide.attributes.map((a) => ({
      attributeId: a.id,
      label: a.label,
      value: ((values[`a${a.id}`] as string | undefined) ?? '').trim(),
    })),
  };
}

/** A saved story as form values, to edit it or resume a draft. */
export function storyToValues(
  story: {
    domain_id: number | null;
    storyteller: string;
    language: string;
    partner_id: number | null;
    told_on: string | null;
    told_where: string;
    anonymous: number;
    consent_how: string | null;
    consent_on: string | null;
    route: string;
  } & Record<`consent_${ConsentUse}`, number> &
    Partial<Record<`consent_${RecordingUse}`, number>>,
  answers: { question_id: number | null; kind: string; value: string }[],
  attributes: { attribute_id: number | null; value: string }[],
): FormValues {
  const values: FormValues = {
    domainId: story.domain_id ? String(story.domain_id) : '',
    storyteller: story.storyteller,
    language: story.language,
    partnerId: story.partner_id ? String(story.partner_id) : '',
    toldOn: story.told_on ?? '',
    toldWhere: story.told_where,
    consent: [...CONSENT_USES, ...RECORDING_USES].filter((u) => story[`consent_${u}`] === 1),
    consentHow: story.consent_how ?? '',
    consentOn: story.consent_on ?? '',
    route: story.route,
  };
  if (story.anonymous) values.anonymous = 'yes';
  for (const a of answers) {
    if (a.question_id === null) continue;
    if (a.kind === 'multiple') values[`q${a.question_id}`] = JSON.parse(a.value) as string[];
    else if (a.kind === 'scale' && a.value === 'n/a') values[`q${a.question_id}na`] = 'yes';
    else values[`q${a.question_id}`] = a.value;
  }
  for (const a of attributes) if (a.attribute_id !== null) values[`a${a.attribute_id}`] = a.value;
  return values;
}

/** Errors in the order their fields appear on the form, so the summary at the top reads top to bottom. */
export function inFormOrder(guide: Guide, errors: FieldErrors): FieldErrors {
  const order = [
    '_form',
    'partnerId',
    'route',
    'toldOn',
    'toldWhere',
    'storyteller',
    ...guide.attributes.map((a) => `a${a.id}`),
    'language',
    'domainId',
    ...guide.questions.flatMap((q) => [`q${q.id}`, `q${q.id}na`]),
    'consent',
    'anonymous',
    'consentHow',
    'consentOn',
    'note',
  ];
  const rank = (key: string) => (order.includes(key) ? order.indexOf(key) : order.length);
  return Object.fromEntries(Object.entries(errors).sort(([a], [b]) => rank(a) - rank(b)));
}

/**
 * Reads and checks an interview's fields, the one way for every route that takes an interview: the form posted
 * online, and an interview sent from a phone in the field (server/field), whose fields travel inside JSON. Draft
 * checks when saving a draft, all checks when recording; the story to save only when nothing is wrong.
 */
export function readInterview(
  guide: Guide,
  body: unknown,
  context: { partnerIds: number[]; today: Date; editing?: boolean; csrfValid?: boolean },
) {
  const form = readFields(body, interviewSchema(guide, 'interview', context.editing), context.csrfValid);
  const errors = inFormOrder(guide, {
    ...checkInterview(guide, form.values, { mode: 'interview', partnerIds: context.partnerIds, today: context.today }),
    ...(form.ok ? {} : form.errors),
  });
  const input =
    form.ok && Object.keys(errors).length === 0
      ? toStoryInput(guide, form.value as InterviewValues, { mode: 'interview', today: context.today })
      : undefined;
  return { form, errors, input, draft: form.values.intent === 'draft' };
}
