/**
 * Words typed in from somewhere else (a draft transcript the interviewer corrected) becoming one answer of a story:
 * everything else stays as it is, and the change goes through updateStory like any edit, so the earlier words are
 * kept as a version with a note saying where the new ones came from.
 */
import type { Actor } from '../audit/store.ts';
import type { Db } from '../db/database.ts';
import type { Question, Story } from '../db/schema.ts';
import { CONSENT_USES, RECORDING_USES } from '../db/schema.ts';
import type { Guide } from '../inquiries/inquiries-store.ts';
import { askedPrompt } from './capture.ts';
import { updateStory, type FullStory, type StoryInput } from './store.ts';

/** Questions whose answer is free words a recording can hold: the story, why it matters, other long answers. */
export function wordQuestions(guide: Guide): Question[] {
  return guide.questions.filter((q) => q.kind === 'story' || q.kind === 'why' || q.kind === 'long');
}

/** The story as saved, as the input updateStory takes. */
export function storyInputOf(story: FullStory): StoryInput {
  const consent = Object.fromEntries(
    [...CONSENT_USES, ...RECORDING_USES].map((u) => [u, Number(story[`consent_${u}`]) === 1]),
  ) as Record<(typeof CONSENT_USES)[number] | (typeof RECORDING_USES)[number], boolean>;
  return {
    domainId: story.domain_id,
    title: story.title,
    language: story.language,
    storyteller: story.storyteller,
    partnerId: story.partner_id,
    toldOn: story.told_on,
    toldWhere: story.told_where,
    consent: { ...consent, anonymous: Number(story.anonymous) === 1, how: story.consent_how, on: story.consent_on },
    // A question about the teller's own story keeps its options or slider ends as asked.
    answers: story.answers.map((a) => ({
      questionId: a.question_id,
      kind: a.kind,
      prompt: a.prompt,
      value: a.value,
      ...(a.asked === null ? {} : { asked: JSON.parse(a.asked) as string[] }),
    })),
    attributes: story.attributes.map((a) => ({ attributeId: a.attribute_id, label: a.label, value: a.value })),
  };
}

/** The answers with this question's words replaced, or added in the guide's order when it had none. */
export function withAnswer(guide: Guide, story: FullStory, question: Question, words: string): StoryInput['answers'] {
  const answers = storyInputOf(story).answers;
  const at = answers.findIndex((a) => a.questionId === question.id);
  if (at >= 0) {
    answers[at] = { ...answers[at]!, value: words };
    return answers;
  }
  const order = new Map(guide.questions.map((q, i) => [q.id, i]));
  const mine = order.get(question.id)!;
  const after = answers.findIndex((a) => a.questionId !== null && (order.get(a.questionId) ?? -1) > mine);
  const answer = {
    questionId: question.id,
    kind: question.kind,
    prompt: askedPrompt(guide, question, story.domain_id),
    value: words,
  };
  answers.splice(after < 0 ? answers.length : after, 0, answer);
  return answers;
}

/** Saves the corrected words as the answer to `question`: a new version of the story, noted as `note`. */
export function saveCorrectedWords(
  db: Db,
  editor: Actor,
  guide: Guide,
  story: FullStory,
  question: Question,
  words: string,
  note: string,
): Promise<Story> {
  const input = { ...storyInputOf(story), answers: withAnswer(guide, story, question, words) };
  return updateStory(db, editor, editor.name, story, input, { note });
}
