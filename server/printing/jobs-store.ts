/**
 * PDF jobs: the only code that touches pdf_jobs. A request queues one; an app server claims it (db/job-queue.ts)
 * with a lease it renews while it works; a job whose server was killed keeps a lapsed lease and is claimed again by
 * another. Every change after the claim names the claiming server, so a server that lost its lease writes nothing.
 */
import { sql } from 'kysely';
import { dialectOf, type Db } from '../db/database.ts';
import { claimOldest, jobsAhead } from '../db/job-queue.ts';
import type { PdfJob, PdfKind, PdfProblem, PdfStep } from '../db/schema.ts';
import { iso } from '../db/time.ts';

/** How long a claim holds without renewal: a server renews it every third of this while it works. */
export const LEASE_MS = 60_000;
/** Times a job is taken on before it is given up ("interrupted"): a PDF that kills its server fails, not loops. */
export const MAX_ATTEMPTS = 3;
/** A PDF finished this recently is handed to the same request again (a double press, a resend) instead of a new job. */
export const REUSE_MS = 90_000;
/** Finished (and forgotten) jobs and their PDFs are deleted after this. */
export const KEEP_MS = 24 * 3600_000;

/** A job as pages show it: everything but the PDF's bytes. */
export type PdfJobSummary = Omit<PdfJob, 'pdf'>;
const SUMMARY = [
  'id',
  'alliance_id',
  'user_id',
  'share_link_id',
  'made_from',
  'kind',
  'address',
  'back',
  'permissions',
  'status',
  'step',
  'attempts',
  'claimed_by',
  'lease_until',
  'file_name',
  'size',
  'problem',
  'detail',
  'created_at',
  'started_at',
  'finished_at',
] as const satisfies readonly (keyof PdfJobSummary)[];

export interface PdfRequest {
  allianceId: number;
  /** Who asked; or the share link it was asked through (the link's report needs no one's session). */
  userId: number | null;
  shareLinkId?: number;
  kind: PdfKind;
  address: string;
  back: string;
  /** Actions (accounts/permissions.ts) the asker's role must allow to see this PDF later. */
  permissions: readonly string[];
}

export async function queuePdf(db: Db, request: PdfRequest, now = new Date()): Promise<PdfJobSummary> {
  return db
    .insertInto('pdf_jobs')
    .values({
      alliance_id: request.allianceId,
      user_id: request.userId,
      share_link_id: request.shareLinkId ?? null,
      made_from: '',
      kind: request.kind,
      address: request.address,
      back: request.back,
      permissions: request.permissions.join(' '),
      status: 'queued',
      step: 'waiting',
      attempts: 0,
      claimed_by: null,
      lease_until: null,
      file_name: '',
      size: 0,
      pdf: null,
      problem: '',
      detail: '',
      created_at: iso(now),
      started_at: null,
      finished_at: null,
    })
    .returning(SUMMARY)
    .executeTakeFirstOrThrow();
}

/**
 * The person's job for this same request (the document and options in its address) while it is queued or being
 * made, or made in the last REUSE_MS from the alliance's stories as they are now (`mark`); else a new job. The look-up
 * and the insert hold one lock (SQLite's write lock, a PostgreSQL advisory lock on the request), so two presses at
 * once give one job.
 */
export async function queuePdfOnce(
  db: Db,
  request: PdfRequest & { userId: number },
  mark: string,
  now = new Date(),
): Promise<PdfJobSummary> {
  return db.transaction().execute(async (trx) => {
    if (dialectOf(trx) === 'postgres')
      await sql`SELECT pg_advisory_xact_lock(hashtext(${`pdf_jobs ${request.userId} ${request.address}`}))`.execute(
        trx,
      );
    const same = await trx
      .selectFrom('pdf_jobs')
      .select(SUMMARY)
      .where('alliance_id', '=', request.allianceId)
      .where('user_id', '=', request.userId)
      .where('share_link_id', 'is', null)
      .where('kind', '=', request.kind)
      .where('address', '=', request.address)
      .where('permissions', '=', request.permissions.join(' '))
      .where((eb) =>
        eb.or([
          eb('status', 'in', ['queued', 'working']),
          eb.and([
            eb('status', '=', 'done'),
            eb('made_from', '=', mark),
            eb('finished_at', '>=', iso(new Date(now.getTime() - REUSE_MS))),
          ]),
        ]),
      )
      .orderBy('id', 'desc')
      .executeTakeFirst();
    return same ?? queuePdf(trx, request, now);
  });
}

/** Takes the oldest queued job, or one whose server's lease lapsed, for this server; never one job for two. */
export async function claimPdfJob(
  db: Db,
  server: string,
  now = new Date(),
  leaseMs = LEASE_MS,
): Promise<PdfJob | undefined> {
  return claimOldest<PdfJob>(
    db,
    'pdf_jobs',
    sql`status = 'working', step = 'gathering', claimed_by = ${server}, started_at = ${iso(now)},
      lease_until = ${iso(new Date(now.getTime() + leaseMs))}, attempts = attempts + 1`,
    sql`(status = 'queued' OR (status = 'working' AND lease_until < ${iso(now)}))`,
  );
}

/** This server's job, still working: the condition of every write after the claim. */
function mine(db: Db, job: Pick<PdfJob, 'id' | 'claimed_by'>) {
  return db
    .updateTable('pdf_jobs')
    .where('id', '=', job.id)
    .where('claimed_by', '=', job.claimed_by)
    .where('status', '=', 'working');
}

/** Renews the lease; false when another server has taken the job (this one paused past its lease). */
export async function renewLease(db: Db, job: PdfJob, now = new Date(), leaseMs = LEASE_MS): Promise<boolean> {
  const result = await mine(db, job)
    .set({ lease_until: iso(new Date(now.getTime() + leaseMs)) })
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function reportStep(db: Db, job: PdfJob, step: PdfStep): Promise<void> {
  await mine(db, job).set({ step }).execute();
}

/** Keeps the PDF, if the job is still this server's. */
export async function finishPdfJob(
  db: Db,
  job: PdfJob,
  file: { pdf: Buffer; fileName: string; madeFrom?: string },
  now = new Date(),
): Promise<boolean> {
  const result = await mine(db, job)
    .set({
      status: 'done',
      made_from: file.madeFrom ?? '',
      step: '',
      pdf: file.pdf,
      size: file.pdf.length,
      file_name: file.fileName,
      lease_until: null,
      finished_at: iso(now),
    })
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function failPdfJob(
  db: Db,
  job: PdfJob,
  problem: PdfProblem,
  detail: string,
  now = new Date(),
): Promise<boolean> {
  const result = await mine(db, job)
    .set({
      status: 'failed',
      step: '',
      problem,
      detail: detail.slice(0, 2000),
      lease_until: null,
      finished_at: iso(now),
    })
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** The job, for the person who asked for it only. */
export function findPdfJob(
  db: Db,
  allianceId: number,
  userId: number,
  jobId: number,
): Promise<PdfJobSummary | undefined> {
  return db
    .selectFrom('pdf_jobs')
    .select(SUMMARY)
    .where('id', '=', jobId)
    .where('alliance_id', '=', allianceId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
}

/** A job asked for through this share link. */
export function findSharedPdfJob(db: Db, shareLinkId: number, jobId: number): Promise<PdfJobSummary | undefined> {
  return db
    .selectFrom('pdf_jobs')
    .select(SUMMARY)
    .where('id', '=', jobId)
    .where('share_link_id', '=', shareLinkId)
    .executeTakeFirst();
}

/** The link's latest job in this language (its address), to share with everyone asking while it holds. */
export function latestSharedPdfJob(db: Db, shareLinkId: number, address: string): Promise<PdfJobSummary | undefined> {
  return db
    .selectFrom('pdf_jobs')
    .select(SUMMARY)
    .where('share_link_id', '=', shareLinkId)
    .where('address', '=', address)
    .orderBy('id', 'desc')
    .executeTakeFirst();
}

/** A finished job's PDF. */
export async function pdfOf(db: Db, job: Pick<PdfJob, 'id'>): Promise<Buffer | undefined> {
  const row = await db
    .selectFrom('pdf_jobs')
    .select('pdf')
    .where('id', '=', job.id)
    .where('status', '=', 'done')
    .executeTakeFirst();
  return row?.pdf ? Buffer.from(row.pdf) : undefined;
}

/** How many jobs are ahead of this one in the queue. */
export function placeInQueue(db: Db, job: Pick<PdfJob, 'id'>): Promise<number> {
  return jobsAhead(db, 'pdf_jobs', job.id);
}

/** Jobs asked for more than a day ago, done or not, go with their PDFs. */
export async function deleteOldPdfJobs(db: Db, now = new Date()): Promise<number> {
  const result = await db
    .deleteFrom('pdf_jobs')
    .where('created_at', '<', iso(new Date(now.getTime() - KEEP_MS)))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
