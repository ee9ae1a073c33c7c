/**
 * An interview sent from a phone in the field: what the phone sends (its id for the interview, the interview form's
 * fields as typed, and each question exactly as it was asked), and turning it into a story with the interview form's
 * own reading and checks (stories/capture.ts), so there is one set of rules however an interview arrives.
 * Pure logic: nothing here knows about HTTP or the database.
 */
import { Type, type Static } from '@sinclair/typebox';
import { QUESTION_KINDS } from '../db/schema.ts';
import type { Guide } from '../inquiries/inquiries-store.ts';
import { ANSWER_MAX, readInterview } from '../stories/capture.ts';
import type { AnswerInput, StoryInput } from '../stories/store.ts';
import type { FieldErrors } from '../web/forms.ts';
import { Fields } from '../web/schemas.ts';

/** crypto.randomUUID() on the phone: 36 characters, hex and dashes. */
export const DEVICE_ID_PATTERN = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';
/** A question as the phone showed it; far longer than any prompt a guide has. */
export const PROMPT_MAX = 2_000;

export const AskedQuestion = Type.Object({
  questionId: Type.Integer({ minimum: 1 }),
  kind: Type.Union(QUESTION_KINDS.map((k) => Type.Literal(k))),
  /** The question exactly as the interviewer read it out: placeholders filled for the domain chosen. */
  prompt: Type.String({ maxLength: PROMPT_MAX }),
  /** A question about the teller's own story: its options, or a slider's ends, as the phone showed them. */
  options: Type.Optional(Type.Array(Type.String({ maxLength: 200 }), { maxItems: 200 })),
});
export type AskedQuestion = Static<typeof AskedQuestion>;

export const AskedAttribute = Type.Object({
  attributeId: Type.Integer({ minimum: 1 }),
  label: Type.String({ maxLength: 200 }),
});

/** One interview from the field. The CSRF token travels in `_csrf`, as in every form, and is checked the same way. */
export const FieldInterview = Type.Object({
  _csrf: Type.Optional(Type.String()),
  deviceId: Type.String({ pattern: DEVICE_ID_PATTERN }),
  /** The interview form's fields, named as on the form (q<question id>, a<attribute id>, consent, domainId…). */
  values: Fields,
  /** Every question the phone's form asked, in order: the story keeps these words, whatever the guide says now. */
  asked: Type.Array(AskedQuestion, { maxItems: 500 }),
  /** The questions about the storyteller the phone's form asked, so an answer outlives a question removed since. */
  about: Type.Optional(Type.Array(AskedAttribute, { maxItems: 200 })),
  /** When it was recorded on the phone (ISO 8601), for the interviewer's own list; the story keeps told on / where. */
  recordedAt: Type.Optional(Type.String({ maxLength: 40 })),
});
export type FieldInterview = Static<typeof FieldInterview>;

/** The normal form of a device id, so "ABC…" and "abc…" are the same interview. */
export const deviceKey = (deviceId: string) => deviceId.toLowerCase();

/**
 * Reads an interview from the field against the guide as it is now, keeping the questions as they were asked:
 * - a question the phone asked is checked as the form checks it, and its answer keeps the prompt the phone showed;
 * - a question added to the guide after the inquiry went into the field was never asked, so it is not required;
 * - a question removed since keeps its answer, with the prompt as asked and no link to the guide (and so does a
 *   question about the storyteller, with its label as asked).
 * Recorded, never a draft: the phone is where an unfinished interview waits.
 */
export function readFieldInterview(
  guide: Guide,
  sent: FieldInterview,
  context: { partnerIds: number[]; today: Date; csrfValid?: boolean },
): { errors: FieldErrors; input?: StoryInput } {
  const asked = new Map(sent.asked.map((a) => [a.questionId, a]));
  const inGuide = new Set(guide.questions.map((q) => q.id));
  const askedGuide = sent.asked.length
    ? { ...guide, questions: guide.questions.filter((q) => asked.has(q.id)) }
    : guide;

  const values: Record<string, string | string[]> = { ...sent.values, intent: 'record' };
  const errors: FieldErrors = {};
  const removed = new Map<number, AnswerInput>();
  for (const a of sent.asked) {
    if (a.prompt.includes('\u0000')) errors._form = 'forms.invalidCharacters';
    if (inGuide.has(a.questionId)) continue;
    const name = `q${a.questionId}`;
    const raw = Object.hasOwn(values, name) ? values[name] : undefined;
    const notApplicable = values[`${name}na`] === 'yes';
    delete values[name];
    delete values[`${name}na`];
    const value = notApplicable ? 'n/a' : Array.isArray(raw) ? (raw.length ? JSON.stringify(raw) : '') : (raw ?? '');
    if (value.length > ANSWER_MAX) errors[name] = 'stories.errors.tooLong';
    else if (value.includes('\u0000')) errors[name] = 'forms.invalidCharacters';
    else if (value !== '')
      removed.set(a.questionId, {
        questionId: null,
        kind: a.kind,
        prompt: a.prompt,
        value,
        ...(a.options ? { asked: a.options } : {}),
      });
  }

  const aboutNow = new Set(guide.attributes.map((a) => a.id));
  const removedAbout: StoryInput['attributes'] = [];
  for (const a of sent.about ?? []) {
    const name = `a${a.attributeId}`;
    if (aboutNow.has(a.attributeId) || !Object.hasOwn(values, name)) continue;
    const raw = values[name];
    delete values[name];
    const value = typeof raw === 'string' ? raw.trim() : '';
    if (value.length > 200) errors[name] = 'stories.errors.short';
    else if (value.includes('\u0000') || a.label.includes('\u0000')) errors[name] = 'forms.invalidCharacters';
    else if (value !== '') removedAbout.push({ attributeId: null, label: a.label, value });
  }

  const read = readInterview(askedGuide, values, { ...context, editing: false });
  if (!read.input || Object.keys(errors).length > 0) return { errors: { ...read.errors, ...errors } };

  // The questions exactly as the phone showed them, in the phone's order.
  const answered = new Map(read.input.answers.map((a) => [a.questionId, a]));
  const answers: AnswerInput[] = [];
  for (const a of sent.asked) {
    const answer = answered.get(a.questionId);
    answered.delete(a.questionId);
    if (answer)
      answers.push({ ...answer, prompt: a.prompt, ...(answer.asked && a.options ? { asked: a.options } : {}) });
    else if (removed.has(a.questionId)) answers.push(removed.get(a.questionId)!);
  }
  answers.push(...answered.values()); // only when the phone sent no questions: the guide's own words
  const title = read.input.title || [...removed.values()].find((a) => a.kind === 'title')?.value.trim() || '';
  return {
    errors: {},
    input: { ...read.input, answers, title, attributes: [...read.input.attributes, ...removedAbout] },
  };
}
