/**
 * Draft transcripts: what the operator's speech-to-text command heard in a recording. A draft is never the story's
 * words: it waits beside the recording until an interviewer corrects it and saves it as a new version of the story.
 * The row is also the job that makes it. Table types only: no imports of stores.
 */
import type { Generated, Selectable } from 'kysely';

/** queued: waiting for a server; running: a server is making it; done: the draft is ready; failed: see problem. */
export const TRANSCRIPT_STATUSES = ['queued', 'running', 'done', 'failed'] as const;
export type TranscriptStatus = (typeof TRANSCRIPT_STATUSES)[number];

/** Why a draft could not be made, as the page explains it. */
export const TRANSCRIPT_PROBLEMS = ['missing', 'failed', 'timeout', 'empty', 'interrupted', 'unreadable'] as const;
export type TranscriptProblem = (typeof TRANSCRIPT_PROBLEMS)[number];

export interface TranscriptsTable {
  id: Generated<number>;
  alliance_id: number;
  story_id: number;
  /** The recording it was made from: one draft per recording, deleted with it. */
  attachment_id: number;
  /** The story's language when asked, for commands that take one ({language}). */
  language: string;
  status: TranscriptStatus;
  /** The draft, as the command printed it. */
  text: string;
  /** '' unless failed: one of TRANSCRIPT_PROBLEMS. */
  problem: string;
  /** The command's last words on stderr, or its exit code, for the person who runs Hearth. */
  detail: string;
  /** Times a server took it on; a job left running by a stopped server is taken again, a few times at most. */
  attempts: number;
  claimed_by: string | null;
  requested_by: number | null;
  requested_at: string;
  started_at: string | null;
  /** Written every few seconds by the server working on it: a job whose server stopped goes quiet, and is taken again. */
  heartbeat_at: string | null;
  finished_at: string | null;
  /** How long the command took. */
  seconds: number | null;
  /** Who last corrected it into the story's words, and when. */
  corrected_by: number | null;
  corrected_at: string | null;
}

export type Transcript = Selectable<TranscriptsTable>;
