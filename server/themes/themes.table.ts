/** Theme runs, their themes, and where each story sits in them. Table types only: no imports of stores. */
import type { Generated, Selectable } from 'kysely';

export const RUN_STATUSES = ['queued', 'running', 'done', 'failed'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

/** One analysis run (themes): what it was asked, on which stories, with which seed, and how far it has got. */
export interface AnalysisRunsTable {
  id: Generated<number>;
  alliance_id: number;
  inquiry_id: number;
  status: RunStatus;
  /** 0..1, and what it is doing, for the progress bar. */
  progress: number;
  step: string;
  /** "auto" or a number, as asked. */
  k_requested: string;
  k: number | null;
  seed: number;
  /** JSON: the filters that chose the stories, and the story ids used, so the run can be reproduced. */
  filters: string;
  story_ids: string;
  /** JSON: how k was chosen, when automatic. */
  criterion: string;
  error: string;
  /** Which app server took the job, so a job runs once even with several servers. */
  claimed_by: string | null;
  created_by: number | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
}

export const THEME_STATUSES = ['suggested', 'kept', 'discarded', 'merged'] as const;
export type ThemeStatus = (typeof THEME_STATUSES)[number];

/** A theme found by a run: a suggestion people rename, merge, split, discard, or turn into a tag. */
export interface ThemesTable {
  id: Generated<number>;
  run_id: number;
  inquiry_id: number;
  position: number;
  /** The label the engine gave (top terms); `name` is what people renamed it to, if they did. */
  label: string;
  name: string | null;
  /** JSON array of top terms (surface forms). */
  terms: string;
  status: ThemeStatus;
  merged_into: number | null;
  tag_id: number | null;
}

export interface ThemeStoriesTable {
  theme_id: number;
  story_id: number;
  /** 0 = nearest the centre. */
  rank: number;
  /** Where the story sits on the theme map. */
  x: number;
  y: number;
}

export type AnalysisRun = Selectable<AnalysisRunsTable>;
export type ThemeRow = Selectable<ThemesTable>;
