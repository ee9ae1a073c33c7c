/** The learning log's form, the reporting period an item belongs to, and reading story codes as typed. */
import { Type, type Static } from '@sinclair/typebox';
import { LEARNING_KINDS, LEARNING_STATUSES, type Inquiry } from '../db/schema.ts';

export const LearningForm = Type.Object({
  kind: Type.Union(
    LEARNING_KINDS.map((k) => Type.Literal(k)),
    { errorMessage: 'learning.errors.kind' },
  ),
  text: Type.String({ minLength: 1, maxLength: 4000, errorMessage: 'learning.errors.text' }),
  owner: Type.Optional(Type.String({ maxLength: 200, errorMessage: 'learning.errors.owner' })),
  status: Type.Union(
    LEARNING_STATUSES.map((s) => Type.Literal(s)),
    { errorMessage: 'learning.errors.status' },
  ),
  stories: Type.Optional(Type.String({ maxLength: 2000, errorMessage: 'learning.errors.storiesTooLong' })),
  'rounds[]': Type.Array(Type.String({ maxLength: 12 }), { maxItems: 200, errorMessage: 'learning.errors.rounds' }),
});
export type LearningValues = Static<typeof LearningForm>;

/** The inquiry's reporting period as written on an item, e.g. "2026-04-01 to 2026-09-30", or its words. */
export function periodOf(inquiry: Pick<Inquiry, 'period_start' | 'period_end' | 'period_words'>): string {
  if (inquiry.period_start || inquiry.period_end)
    return `${inquiry.period_start ?? '…'} to ${inquiry.period_end ?? '…'}`;
  return inquiry.period_words;
}

/** Story codes as people type them: "MSC-0003, msc-0007" -> ["MSC-0003", "MSC-0007"], each once. */
export function storyCodes(typed: string | undefined): string[] {
  return [
    ...new Set(
      (typed ?? '')
        .split(/[\s,;]+/)
        .map((c) => c.trim().toUpperCase())
        .filter(Boolean),
    ),
  ];
}

/** Still to be done: these are carried into the next period. */
export const UNFINISHED = new Set(['open', 'in_progress']);
