/**
 * PDF jobs: a pack or report someone asked for as a PDF, made in the background by whichever app server claims it,
 * and kept for a day for that person to download. Table types only: no imports of stores.
 */
import type { Generated, Selectable } from 'kysely';

/** queued: waiting for a server; working: a server holds its lease; done: the PDF is here; failed: see problem. */
export const PDF_JOB_STATUSES = ['queued', 'working', 'done', 'failed'] as const;
export type PdfJobStatus = (typeof PDF_JOB_STATUSES)[number];

export const PDF_KINDS = ['pack', 'report'] as const;
export type PdfKind = (typeof PDF_KINDS)[number];

/** What the job is doing, as the page names it. */
export const PDF_STEPS = ['waiting', 'gathering', 'printing', 'saving'] as const;
export type PdfStep = (typeof PDF_STEPS)[number];

/** Why a PDF could not be made, as the page explains it. */
export const PDF_PROBLEMS = ['noChromium', 'printing', 'notAllowed', 'settings', 'interrupted', 'page'] as const;
export type PdfProblem = (typeof PDF_PROBLEMS)[number];

export interface PdfJobsTable {
  id: Generated<number>;
  alliance_id: number;
  /** Who asked: the only person who may see the job and download its PDF. Empty for a share link's job. */
  user_id: number | null;
  /** The share link a job was asked through: anyone holding that link (while it is open) sees the job. */
  share_link_id: number | null;
  /** What the PDF was made from, when the page said (a share link's report: its fingerprint), else ''. */
  made_from: string;
  kind: PdfKind;
  /** The printable page's address and query (…/pack.pdf?copies=2), re-rendered as the asker would see it. */
  address: string;
  /** The page the person asked from, to go back to or try again. */
  back: string;
  /** What the asker's role must still allow to see the PDF (space-separated actions of accounts/permissions.ts). */
  permissions: string;
  status: PdfJobStatus;
  /** One of PDF_STEPS while queued or working. */
  step: string;
  /** Times a server took it on; a job whose server stopped is taken again, a few times at most. */
  attempts: number;
  claimed_by: string | null;
  /** The working server renews this while it works; once it lapses, another server may take the job. */
  lease_until: string | null;
  file_name: string;
  size: number;
  /** The PDF, once done. */
  pdf: Buffer | null;
  /** '' unless failed: one of PDF_PROBLEMS. */
  problem: string;
  /** More about the failure, for the person who runs Hearth (Chromium's words, a status code). */
  detail: string;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
}

export type PdfJob = Selectable<PdfJobsTable>;
