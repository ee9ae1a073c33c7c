/** Plain facts about a story's words: what is searched, how long it is. Nothing here changes the words. */
import type { QuestionKind } from '../db/schema.ts';

/** Answers that are the storyteller's own words (choices, scales and dates are not). */
export const WORD_KINDS: readonly QuestionKind[] = ['story', 'title', 'why', 'short', 'long'];
/** Answers read aloud or printed as the story itself. */
export const READING_KINDS: readonly QuestionKind[] = ['story', 'why', 'long'];

export function countWords(text: string): number {
  return (text.match(/[\p{L}\p{N}]+(?:['’][\p{L}]+)*/gu) ?? []).length;
}

export function searchableText(title: string, answers: { kind: QuestionKind; value: string }[]): string {
  return [title, ...answers.filter((a) => WORD_KINDS.includes(a.kind)).map((a) => a.value)].join('\n');
}

export function readingWords(answers: { kind: QuestionKind; value: string }[]): number {
  return answers.filter((a) => READING_KINDS.includes(a.kind)).reduce((sum, a) => sum + countWords(a.value), 0);
}

/** Reading time at a calm reading pace (200 words a minute), in whole minutes, at least one. */
export function readingMinutes(words: number): number {
  return Math.max(1, Math.round(words / 200));
}
