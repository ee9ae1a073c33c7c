/**
 * The tellers' answers about their own stories (self-signification), question by question, for the pattern views.
 * Which stories count is decided by the one consent projection (./consent.ts): told, not withdrawn.
 */
import type { SelectQueryBuilder } from 'kysely';
import type { Db } from '../db/database.ts';
import type { Database } from '../db/schema.ts';
import { aboutStoryQuestions } from '../inquiries/about-story-store.ts';
import { storiesFor } from './consent.ts';

export interface SignificationQuestion {
  questionId: number;
  prompt: string;
  kind: 'slider' | 'single' | 'multiple';
  /** A slider's two ends, [low, high]. */
  ends?: [string, string];
  /** A choice's options, in order. */
  options?: string[];
  /** storyId → 0–100 for a slider, the options chosen for a choice; "does not apply" and unanswered are absent. */
  answers: Map<number, number | string[]>;
  /** A slider's stories whose teller answered "does not apply" (the pattern views say so, apart from unanswered). */
  notApplying?: Set<number>;
}

const KINDS = ['slider', 'single', 'multiple'] as const;
const isKind = (kind: string): kind is SignificationQuestion['kind'] => (KINDS as readonly string[]).includes(kind);

/** The inquiry's self-signification questions with no answers yet, and the alliance they belong to. */
async function questionsOf(db: Db, inquiryId: number) {
  const found = await aboutStoryQuestions(db, inquiryId);
  if (!found) return { allianceId: 0, questions: [] };
  const questions: SignificationQuestion[] = [];
  for (const q of found.questions) {
    if (!isKind(q.kind)) continue;
    const options = JSON.parse(q.options) as string[];
    questions.push({
      questionId: q.id,
      prompt: q.prompt,
      kind: q.kind,
      ...(q.kind === 'slider' ? { ends: [options[0] ?? '', options[1] ?? ''] } : { options }),
      answers: new Map(),
    });
  }
  return { allianceId: found.allianceId, questions };
}

/** An answer as stored, read for its question: 0–100 for a slider, the options chosen; undefined for none. */
function parsed(kind: SignificationQuestion['kind'], value: string): number | string[] | undefined {
  if (kind === 'slider') {
    const n = Number(value);
    return value !== 'n/a' && value !== '' && Number.isInteger(n) && n >= 0 && n <= 100 ? n : undefined;
  }
  const chosen = kind === 'multiple' ? (JSON.parse(value) as string[]) : [value];
  return chosen.length > 0 ? chosen : undefined;
}

/** The answers to these questions, of the inquiry's stories that count (told, not withdrawn), or only these. */
function answerRows(db: Db, allianceId: number, inquiryId: number, questionIds: number[]) {
  return storiesFor(db, allianceId)
    .innerJoin('story_answers', 'story_answers.story_id', 'stories.id')
    .where('stories.inquiry_id', '=', inquiryId)
    .where('story_answers.question_id', 'in', questionIds)
    .where('story_answers.asked', 'is not', null);
}

/**
 * Each self-signification question of an inquiry and the answers of its stories that count (told, not withdrawn);
 * with `onlyStories`, of those stories alone (a report's stories read or chosen).
 */
export async function significationAnswers(
  db: Db,
  inquiryId: number,
  onlyStories?: readonly number[],
): Promise<SignificationQuestion[]> {
  const { allianceId, questions } = await questionsOf(db, inquiryId);
  if (questions.length === 0 || onlyStories?.length === 0) return questions;
  const byId = new Map(questions.map((q) => [q.questionId, q]));
  let query = answerRows(db, allianceId, inquiryId, [...byId.keys()]).select([
    'story_answers.story_id',
    'story_answers.question_id',
    'story_answers.value',
  ]);
  if (onlyStories) query = query.where('stories.id', 'in', [...onlyStories]);
  for (const row of await query.orderBy('story_answers.story_id').execute()) {
    const q = byId.get(row.question_id!);
    const value = q && parsed(q.kind, row.value);
    if (q && value !== undefined) q.answers.set(row.story_id, value);
    else if (q?.kind === 'slider' && row.value === 'n/a') (q.notApplying ??= new Set()).add(row.story_id);
  }
  return questions;
}

/** A question with how many of the counted stories gave each answer (a choice of several as it was given). */
export type SignificationCounts = Omit<SignificationQuestion, 'answers'> & {
  counts: { value: number | string[]; n: number }[];
};

/**
 * Each self-signification question with its answers counted in the database over `stories` (a subquery of ids
 * from storiesFor): one row per distinct answer, however many stories gave it.
 */
export async function significationCounts(
  db: Db,
  inquiryId: number,
  stories: SelectQueryBuilder<Database, 'stories', { id: number }>,
): Promise<SignificationCounts[]> {
  const { allianceId, questions } = await questionsOf(db, inquiryId);
  const result = questions.map(({ answers: _, ...q }) => ({ ...q, counts: [] as SignificationCounts['counts'] }));
  if (result.length === 0) return result;
  const byId = new Map(result.map((q) => [q.questionId, q]));
  const rows = await answerRows(db, allianceId, inquiryId, [...byId.keys()])
    .where('stories.id', 'in', stories)
    .select(['story_answers.question_id', 'story_answers.value', (eb) => eb.fn.countAll<number | string>().as('n')])
    .groupBy(['story_answers.question_id', 'story_answers.value'])
    .execute();
  for (const row of rows) {
    const q = byId.get(row.question_id!);
    const value = q && parsed(q.kind, row.value);
    if (q && value !== undefined) q.counts.push({ value, n: Number(row.n) });
  }
  return result;
}
