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

/**
 * Story codes as people type them, each once, as looked up (upper case) with the words first typed for it:
 * "MSC-0003, msc-0007, hello" -> MSC-0003, MSC-0007 (typed "msc-0007") and HELLO (typed "hello").
 */
export function typedCodes(typed: string | undefined): Map<string, string> {
  const codes = new Map<string, string>();
  for (const word of (typed ?? '').split(/[\s,;]+/).filter(Boolean))
    if (!codes.has(word.toUpperCase())) codes.set(word.toUpperCase(), word);
  return codes;
}

/** Looks like a story code ("MSC-0010"), so is named as one; anything else is quoted as typed. */
const CODE_SHAPE = /^[A-Z]+-\d+$/;

/**
 * The codes that name no story that can be linked, as one phrase in the reader's language:
 * "MSC-9999, MSC-0010 and “hello”", and how many, for the message's plural.
 */
export function missingNames(
  missing: [code: string, typed: string][],
  language: string,
  quote: (text: string) => string,
): { names: string; count: number } {
  const names = missing.map(([code, typed]) => (CODE_SHAPE.test(code) ? code : quote(typed)));
  // British English, as elsewhere in Hearth: no comma before "and".
  const list = new Intl.ListFormat(language === 'en' ? 'en-GB' : language, { type: 'conjunction' });
  return { names: list.format(names), count: names.length };
}

/** Still to be done: these are carried into the next period. */
export const UNFINISHED = new Set(['open', 'in_progress']);
