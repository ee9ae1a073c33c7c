/**
 * Draft transcripts: the only code that touches the transcripts table. A request queues one (never waiting for it);
 * a server claims it (FOR UPDATE SKIP LOCKED on PostgreSQL, one atomic UPDATE on SQLite), beats a heartbeat while
 * the command runs, and marks it done or failed. A job whose server stopped goes quiet and is claimed again.
 * Drafts go with their recording (a foreign key) and with the story on withdrawal (its hook below).
 */
import { sql } from 'kysely';
import { recordAudit, type Actor } from '../audit/store.ts';
import type { Db } from '../db/database.ts';
import { claimOldest, jobsAhead } from '../db/job-queue.ts';
import type { Attachment, Transcript, TranscriptProblem } from '../db/schema.ts';
import { iso } from '../db/time.ts';
import { onStory } from '../stories/hooks.ts';

/** A running job whose heartbeat is older than this is taken to be abandoned by a stopped server. */
export const QUIET_AFTER_MS = 60_000;
/** Times a job is taken on before it is given up as failed ("interrupted"). */
export const MAX_ATTEMPTS = 3;

/** Queues a draft of this recording (again, after a failure or to redo it). Returns the queued row. */
export async function queueTranscript(
  db: Db,
  actor: Actor,
  file: Pick<Attachment, 'id' | 'alliance_id' | 'story_id'>,
  language: string,
  now = new Date(),
): Promise<Transcript> {
  return db.transaction().execute(async (trx) => {
    const fresh = {
      language,
      status: 'queued' as const,
      text: '',
      problem: '',
      detail: '',
      attempts: 0,
      claimed_by: null,
      requested_by: actor.id,
      requested_at: iso(now),
      started_at: null,
      heartbeat_at: null,
      finished_at: null,
      seconds: null,
    };
    const existing = await trx
      .selectFrom('transcripts')
      .select(['id', 'status'])
      .where('attachment_id', '=', file.id)
      .executeTakeFirst();
    // Asked twice while it is being made: the one job stands.
    if (existing && (existing.status === 'queued' || existing.status === 'running'))
      return trx.selectFrom('transcripts').selectAll().where('id', '=', existing.id).executeTakeFirstOrThrow();
    const row = existing
      ? await trx
          .updateTable('transcripts')
          .set(fresh)
          .where('id', '=', existing.id)
          .returningAll()
          .executeTakeFirstOrThrow()
      : await trx
          .insertInto('transcripts')
          .values({
            ...fresh,
            alliance_id: file.alliance_id,
            story_id: file.story_id,
            attachment_id: file.id,
            corrected_by: null,
            corrected_at: null,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
    await recordAudit(
      trx,
      {
        allianceId: file.alliance_id,
        actor,
        action: 'story.transcript_requested',
        subjectType: 'story',
        subjectId: file.story_id,
        detail: { file: file.id },
      },
      now,
    );
    return row;
  });
}

/** Takes the oldest queued job, or one whose server went quiet, for this server; never one job for two servers. */
export async function claimTranscript(db: Db, server: string, now = new Date()): Promise<Transcript | undefined> {
  const quiet = iso(new Date(now.getTime() - QUIET_AFTER_MS));
  return claimOldest<Transcript>(
    db,
    'transcripts',
    sql`status = 'running', claimed_by = ${server}, started_at = ${iso(now)}, heartbeat_at = ${iso(now)},
      attempts = attempts + 1`,
    sql`(status = 'queued' OR (status = 'running' AND heartbeat_at < ${quiet}))`,
  );
}

/** Gives a job back to the queue (this server is closing): the next free server starts it again at once. */
export async function releaseTranscript(db: Db, job: Transcript): Promise<void> {
  await db
    .updateTable('transcripts')
    .set({ status: 'queued', claimed_by: null, started_at: null, heartbeat_at: null })
    .where('id', '=', job.id)
    .where('claimed_by', '=', job.claimed_by)
    .where('status', '=', 'running')
    .execute();
}

/** Says this server is still working on the job. */
export async function beat(db: Db, job: Transcript, now = new Date()): Promise<void> {
  await db
    .updateTable('transcripts')
    .set({ heartbeat_at: iso(now) })
    .where('id', '=', job.id)
    .where('claimed_by', '=', job.claimed_by)
    .where('status', '=', 'running')
    .execute();
}

type Outcome =
  | { ok: true; text: string; seconds: number }
  | { ok: false; problem: TranscriptProblem; detail: string; seconds: number };

/**
 * Keeps what the command made, if the job is still this server's (a job taken over after a long pause, or whose
 * recording or story went meanwhile, is left alone). Noted in the audit log as Hearth's doing.
 */
export async function finishTranscript(db: Db, job: Transcript, outcome: Outcome, now = new Date()): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const done = await trx
      .updateTable('transcripts')
      .set(
        outcome.ok
          ? { status: 'done', text: outcome.text, problem: '', detail: '' }
          : { status: 'failed', text: '', problem: outcome.problem, detail: outcome.detail.slice(0, 2000) },
      )
      .set({ finished_at: iso(now), seconds: Math.round(outcome.seconds * 10) / 10 })
      .where('id', '=', job.id)
      .where('claimed_by', '=', job.claimed_by)
      .where('status', '=', 'running')
      .executeTakeFirst();
    if (Number(done.numUpdatedRows) === 0) return false;
    await recordAudit(
      trx,
      {
        allianceId: job.alliance_id,
        actor: null,
        action: outcome.ok ? 'story.transcript_made' : 'story.transcript_failed',
        subjectType: 'story',
        subjectId: job.story_id,
        // Never the words: the audit log keeps no story text.
        detail: outcome.ok
          ? { file: job.attachment_id, seconds: outcome.seconds }
          : { file: job.attachment_id, problem: outcome.problem },
      },
      now,
    );
    return true;
  });
}

/** The drafts of a story's recordings, by recording. */
export async function storyTranscripts(db: Db, storyId: number): Promise<Map<number, Transcript>> {
  const rows = await db.selectFrom('transcripts').selectAll().where('story_id', '=', storyId).execute();
  return new Map(rows.map((r) => [r.attachment_id, r]));
}

export function transcriptOf(db: Db, storyId: number, attachmentId: number): Promise<Transcript | undefined> {
  return db
    .selectFrom('transcripts')
    .selectAll()
    .where('story_id', '=', storyId)
    .where('attachment_id', '=', attachmentId)
    .executeTakeFirst();
}

/** How many jobs are ahead of this one in the queue. */
export function placeInQueue(db: Db, job: Pick<Transcript, 'id'>): Promise<number> {
  return jobsAhead(db, 'transcripts', job.id);
}

/** Notes that an interviewer corrected the draft into the story's words (after the story's new version is saved). */
export async function markCorrected(db: Db, job: Transcript, actor: Actor, now = new Date()): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('transcripts')
      .set({ corrected_by: actor.id, corrected_at: iso(now) })
      .where('id', '=', job.id)
      .execute();
    await recordAudit(
      trx,
      {
        allianceId: job.alliance_id,
        actor,
        action: 'story.transcript_corrected',
        subjectType: 'story',
        subjectId: job.story_id,
        detail: { file: job.attachment_id },
      },
      now,
    );
  });
}

onStory('transcripts', {
  // A draft is made from the recording: when the teller no longer agrees to keep it, the recording's foreign key
  // takes the draft with it; withdrawal takes every draft at once.
  withdrawn: async (trx, storyId) => {
    await trx.deleteFrom('transcripts').where('story_id', '=', storyId).execute();
  },
});
