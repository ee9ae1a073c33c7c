/**
 * The tellers' answers about their own stories (self-signification), question by question, for the pattern views.
 * Which stories count is decided by the one consent projection (./consent.ts): told, not withdrawn.
 */
import type { Db } from '../db/database.ts';
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
}

const KINDS = ['slider', 'single', 'multiple'] as const;
const isKind = (kind: string): kind is SignificationQuestion['kind'] => (KINDS as readonly string[]).includes(kind);

/** Each self-signification question of an inquiry and the answers of its stories that count (told, not withdrawn). */
export async function significationAnswers(db: Db, inquiryId: number): Promise<SignificationQuestion[]> {
  const found = await aboutStoryQuestions(db, inquiryId);
  if (!found) return [];
  const result: SignificationQuestion[] = [];
  for (const q of found.questions) {
    if (!isKind(q.kind)) continue;
    const options = JSON.parse(q.options) as string[];
    result.push({
      questionId: q.id,
      prompt: q.prompt,
      kind: q.kind,
      ...(q.kind === 'slider' ? { ends: [options[0] ?? '', options[1] ?? ''] } : { options }),
      answers: new Map(),
    });
  }
  if (result.length === 0) return result;
  const byId = new Map(result.map((q) => [q.questionId, q]));
  const rows = await storiesFor(db, found.allianceId)
    .innerJoin('story_answers', 'story_answers.story_id', 'stories.id')
    .select(['story_answers.story_id', 'story_answers.question_id', 'story_answers.value'])
    .where('stories.inquiry_id', '=', inquiryId)
    .where('story_answers.question_id', 'in', [...byId.keys()])
    .where('story_answers.asked', 'is not', null)
    .orderBy('story_answers.story_id')
    .execute();
  for (const row of rows) {
    const q = byId.get(row.question_id!);
    if (!q) continue;
    if (q.kind === 'slider') {
      const n = Number(row.value);
      if (row.value !== 'n/a' && row.value !== '' && Number.isInteger(n) && n >= 0 && n <= 100)
        q.answers.set(row.story_id, n);
    } else {
      const chosen = q.kind === 'multiple' ? (JSON.parse(row.value) as string[]) : [row.value];
      if (chosen.length > 0) q.answers.set(row.story_id, chosen);
    }
  }
  return result;
}
