/** The learning log (MSC step 10). Table types only: no imports of stores. */
import type { Generated, Selectable } from 'kysely';

/** learned, will do, and a question to take up (one raised by a pattern, say). */
export const LEARNING_KINDS = ['learned', 'will_do', 'question'] as const;
export type LearningKind = (typeof LEARNING_KINDS)[number];
export const LEARNING_STATUSES = ['open', 'in_progress', 'done', 'dropped'] as const;
export type LearningStatus = (typeof LEARNING_STATUSES)[number];

/** MSC step 10: what we learned and what we will do, per inquiry; items not done carry into the next period. */
export interface LearningItemsTable {
  id: Generated<number>;
  inquiry_id: number;
  kind: LearningKind;
  text: string;
  owner: string;
  status: LearningStatus;
  /** The reporting period it was written in, e.g. "2026-04-01 – 2026-09-30", so later periods see where it came from. */
  period: string;
  /** The observation on a pattern it was taken up from, if any. */
  observation_id: number | null;
  created_by: number | null;
  created_at: string;
  updated_at: string;
}

export interface LearningLinksTable {
  item_id: number;
  story_id: number | null;
  round_id: number | null;
}

export type LearningItem = Selectable<LearningItemsTable>;
