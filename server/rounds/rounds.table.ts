/** Sense-making rounds: panels choose the most significant stories, and say why. Table types only: no imports of stores. */
import type { Generated, Selectable } from 'kysely';

export const ROUND_STAGES = ['preparing', 'reading', 'voting', 'deciding', 'closed'] as const;
export type RoundStage = (typeof ROUND_STAGES)[number];

/** dots: N dots each to spread; ranking: order your top choices; consensus: talk it through, no vote; secret: one vote each, totals only. */
export const SELECTION_METHODS = ['dots', 'ranking', 'consensus', 'secret'] as const;
export type SelectionMethod = (typeof SELECTION_METHODS)[number];
export const VOTING_MODES = ['live', 'paper'] as const;
export type VotingMode = (typeof VOTING_MODES)[number];

/** One panel's sitting: which stories it reads, how it chooses, and where it has got to. */
export interface RoundsTable {
  id: Generated<number>;
  alliance_id: number;
  inquiry_id: number;
  name: string;
  /** Who sits, in the facilitator's words: "Table 3 at the open event", "Alliance board", "Funder". */
  panel: string;
  /** 1 for the first selection, 2 for the panel the chosen stories are passed up to, and so on. */
  level: number;
  method: SelectionMethod;
  /** Dots each participant spreads (dots), or how many stories each ranks (ranking). */
  dots: number;
  voting: VotingMode;
  stage: RoundStage;
  /** Each participant reads the stories in their own order, to avoid order effects. */
  shuffle: number;
  /** Participants see the tallies only once the facilitator reveals them. */
  tallies_revealed: Generated<number>;
  /** The short code guests type to join; stops working when the round closes. */
  join_code: string;
  /** JSON: the filters that picked the stories, kept to show how the round was made. */
  filters: string;
  feedback_sent_at: string | null;
  feedback_sent_by: number | null;
  created_by: number | null;
  created_at: string;
  updated_at: string;
  closed_at: string | null;
}

export interface RoundDomainsTable {
  round_id: number;
  domain_id: number;
}

/** Earlier rounds whose chosen stories are passed up to this one. */
export interface RoundSourcesTable {
  round_id: number;
  source_round_id: number;
}

export const ROUND_STORY_ORIGINS = ['filter', 'hand', 'passed_up'] as const;
export type RoundStoryOrigin = (typeof ROUND_STORY_ORIGINS)[number];

export interface RoundStoriesTable {
  round_id: number;
  story_id: number;
  position: number;
  origin: RoundStoryOrigin;
}

/** A member with an account (user_id) or a guest who joined with the code and a display name. */
export interface RoundParticipantsTable {
  id: Generated<number>;
  round_id: number;
  user_id: number | null;
  /** The name shown beside votes and comments: the guest's display name, or the member's name. */
  display_name: string;
  /** Seeds this participant's shuffled reading order. */
  order_seed: number;
  joined_at: string;
}

/** One participant's whole vote (live), or the facilitator's typing of the paper tallies (participant null). */
export interface BallotsTable {
  id: Generated<number>;
  round_id: number;
  /** Unique when set: a participant votes once, however many requests arrive. */
  participant_id: number | null;
  source: VotingMode;
  entered_by: number | null;
  cast_at: string;
}

/** What a ballot gave a story: dots, a rank (points counted from it), or one secret vote. */
export interface BallotMarksTable {
  ballot_id: number;
  story_id: number;
  /** The votes or dots counted for the story; for ranking, points (first of N gets N). */
  points: number;
  /** 1 = first choice, for ranking; null otherwise. */
  rank: number | null;
}

export const DECISION_OUTCOMES = ['chosen', 'none'] as const;
export type DecisionOutcome = (typeof DECISION_OUTCOMES)[number];

/** A panel's decision for one domain: the story (or two, if split) it chose and why, or why it chose none. */
export interface DecisionsTable {
  id: Generated<number>;
  round_id: number;
  /** Null for stories told without a domain. */
  domain_id: number | null;
  outcome: DecisionOutcome;
  /** In full sentences; required. */
  reasons: string;
  criteria: string;
  /** Who disagreed and why, kept as a caveat. */
  dissent: string;
  recorded_by: number | null;
  decided_at: string;
}

/** The stories a decision chose, with the votes they had when chosen. */
export interface SelectionsTable {
  id: Generated<number>;
  decision_id: number;
  round_id: number;
  story_id: number;
  votes: number;
}

/** A participant's comment on a story in a round, optionally on a passage of its words. */
export interface AnnotationsTable {
  id: Generated<number>;
  round_id: number;
  story_id: number;
  participant_id: number;
  answer_position: number | null;
  start_offset: number | null;
  end_offset: number | null;
  quote: string;
  comment: string;
  created_at: string;
}

export type Round = Selectable<RoundsTable>;
export type RoundParticipant = Selectable<RoundParticipantsTable>;
export type Decision = Selectable<DecisionsTable>;
export type Selection = Selectable<SelectionsTable>;
export type Annotation = Selectable<AnnotationsTable>;
