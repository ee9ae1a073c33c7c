/**
 * The PDF job runner: each app server polls for a queued PDF (or one whose server's lease lapsed) and works on one
 * at a time. It asks this app for the printable page as the person who asked would get it (their session, their
 * role, the one consent projection the page uses), prints it with Chromium, and keeps the file in the job.
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { findUserById } from '../accounts/users-store.ts';
import type { PdfJob, PdfProblem } from '../db/schema.ts';
import { PdfError, type Paper } from '../web/pdf.ts';
import { storyChangesMark } from '../stories/care-store.ts';
import { SESSION_COOKIE } from '../web/session.ts';
import {
  claimPdfJob,
  deleteOldPdfJobs,
  failPdfJob,
  finishPdfJob,
  LEASE_MS,
  MAX_ATTEMPTS,
  renewLease,
  reportStep,
} from './jobs-store.ts';

/** The header by which the runner asks a printable page for its document instead of the page asking for a PDF. */
export const PRINT_HEADER = 'x-hearth-print';
export const PAPER_HEADER = 'x-hearth-paper';
export const FILE_HEADER = 'x-hearth-file-name';
/** What the printed page was made from (a share link's report: its fingerprint), kept with the PDF. */
export const MADE_FROM_HEADER = 'x-hearth-made-from';

/** Known only to this process: a request carrying it comes from a runner here (app.inject), never from outside. */
const RUNNER_SECRET = randomBytes(24).toString('hex');

/** Why the printable page did not answer with its document, by its status. */
function problemOf(status: number): PdfProblem {
  if ([302, 303, 401, 403, 404, 410].includes(status)) return 'notAllowed';
  if (status === 422) return 'settings';
  return 'page';
}

export class PdfJobs {
  private timer?: NodeJS.Timeout;
  private busy = false;
  private closing = false;
  private ticks = 0;
  /** Who claimed a job: this machine and process, and which runner in it (tests run several in one process). */
  readonly server = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;

  constructor(
    private app: FastifyInstance,
    private leaseMs = LEASE_MS,
  ) {}

  /** Whether this request is the runner asking for a printable document. */
  isRunner(request: FastifyRequest): boolean {
    return request.headers[PRINT_HEADER] === RUNNER_SECRET;
  }

  start(everyMs = 1000): void {
    if (!this.app.pdf.available) return; // a server without Chromium leaves PDFs to the others
    this.timer = setInterval(() => this.poke(), everyMs);
    this.timer.unref();
  }

  /** Stops polling; a job being made when the server closes is left to lapse and be taken by another server. */
  stop(): void {
    this.closing = true;
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Looks for work now (after a job is queued), without waiting for the next poll; never throws. */
  poke(): void {
    if (this.timer) void this.tick().catch((err: unknown) => this.app.log.error({ err }, 'PDF job runner'));
  }

  /** Works on one job if there is one and this server is free; true when it did. */
  async tick(now = new Date()): Promise<boolean> {
    if (this.busy) return false;
    this.busy = true;
    try {
      // Once a minute or so (every tick in tests that call it by hand), yesterday's jobs go.
      if (this.ticks++ % 60 === 0) await deleteOldPdfJobs(this.app.db, now);
      const job = await claimPdfJob(this.app.db, this.server, now, this.leaseMs);
      if (!job) return false;
      await this.work(job);
      return true;
    } finally {
      this.busy = false;
    }
  }

  private async work(job: PdfJob): Promise<void> {
    const { db } = this.app;
    if (job.attempts > MAX_ATTEMPTS) {
      await failPdfJob(db, job, 'interrupted', `Taken on ${job.attempts - 1} times without finishing`);
      return;
    }
    const lease = setInterval(
      () => void renewLease(db, job, new Date(), this.leaseMs).catch(() => {}),
      this.leaseMs / 3,
    );
    try {
      // Read before the page is made, so a story withdrawn meanwhile makes this PDF stale, never the reverse.
      const mark = await storyChangesMark(db, job.alliance_id);
      const page = await this.printable(job);
      if ('problem' in page) {
        await failPdfJob(db, job, page.problem, page.detail);
        return;
      }
      await reportStep(db, job, 'printing');
      let pdf: Buffer;
      try {
        pdf = await this.app.pdf.render(page.html, page.paper);
      } catch (err) {
        if (!(err instanceof PdfError)) throw err;
        if (this.closing) return; // Chromium closed with the server: another server makes it
        await failPdfJob(db, job, this.app.pdf.available ? 'printing' : 'noChromium', err.message);
        return;
      }
      await reportStep(db, job, 'saving');
      await finishPdfJob(db, job, { pdf, fileName: page.fileName, madeFrom: page.madeFrom || mark });
    } catch (err) {
      if (!this.closing) await failPdfJob(db, job, 'page', (err as Error).message);
    } finally {
      clearInterval(lease);
    }
  }

  /** The printable page as the asker gets it, now: their session is made here, for this one request. */
  private async printable(
    job: PdfJob,
  ): Promise<
    { html: string; paper: Paper; fileName: string; madeFrom: string } | { problem: PdfProblem; detail: string }
  > {
    let cookies: Record<string, string> = {};
    // A share link's job is printed as anyone holding the link sees it: no one's session.
    if (job.share_link_id === null) {
      const user = job.user_id === null ? undefined : await findUserById(this.app.db, job.user_id);
      if (!user) return { problem: 'notAllowed', detail: 'The account is gone' };
      const session = this.app.createSecureSession({ userId: user.id, sv: user.session_version });
      cookies = { [SESSION_COOKIE]: this.app.encodeSecureSession(session) };
    }
    const res = await this.app.inject({
      method: 'GET',
      url: job.address,
      cookies,
      headers: { [PRINT_HEADER]: RUNNER_SECRET },
    });
    const paper = res.headers[PAPER_HEADER];
    if (res.statusCode !== 200 || (paper !== 'a4' && paper !== 'letter'))
      return { problem: problemOf(res.statusCode), detail: `The page answered ${res.statusCode}` };
    return {
      html: res.body,
      paper,
      fileName: decodeURIComponent(String(res.headers[FILE_HEADER] ?? 'hearth.pdf')),
      madeFrom: String(res.headers[MADE_FROM_HEADER] ?? ''),
    };
  }
}
