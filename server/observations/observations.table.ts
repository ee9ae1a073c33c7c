/**
 * Observations on patterns and their interpretations (NarraFirma's catalysis). Table types only: no imports of
 * stores.
 */
import type { Generated, Selectable } from 'kysely';

export interface ObservationsTable {
  id: Generated<number>;
  alliance_id: number;
  inquiry_id: number;
  /** The pattern as its address under /patterns/: one question ("domain") or a pair ("domain/question-12"). */
  pattern: string;
  /** The story list's filters the pattern was seen over, as a query string ('' for every story). */
  filters: string;
  /** The pattern's name when it was pinned ("Domain × Who are you?"), in case a question is later renamed. */
  title: string;
  /** What the facilitator sees: the observation. */
  text: string;
  /** 1: printed as a pattern card in story packs unless left out there. */
  on_cards: number;
  created_by: number | null;
  created_at: string;
  updated_at: string;
}

/** What a pattern might mean: several per observation, shown side by side, none preferred. */
export interface InterpretationsTable {
  id: Generated<number>;
  observation_id: number;
  text: string;
  created_by: number | null;
  created_at: string;
}

export type Observation = Selectable<ObservationsTable>;
export type Interpretation = Selectable<InterpretationsTable>;
