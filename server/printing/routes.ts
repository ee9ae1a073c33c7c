/**
 * A PDF job's page and its download, for the person who asked only (anyone else, or the asker once their role no
 * longer lets them see that output, gets 404). While the PDF is being made the page follows its progress as a theme
 * run's does (static/js/progress.js, opening the result when it ends; without JavaScript, a link checks again), then
 * offers the download; a failure says what went wrong and offers to try again.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { can, rolesFor, type Action } from '../accounts/permissions.ts';
import { membershipOf, signedIn } from '../web/auth.ts';
import { notFound } from '../web/errors.ts';
import { translator } from '../web/i18n.ts';
import { languageOf } from '../web/language.ts';
import { idParam } from '../web/params.ts';
import { Fields } from '../web/schemas.ts';
import { findPdfJob, pdfOf, placeInQueue, type PdfJobSummary } from './jobs-store.ts';
import { storyChangesMark } from '../stories/care-store.ts';

const ANY_MEMBER = { roles: rolesFor('seeAlliance') };
const STEPS: Record<string, number> = { waiting: 1, gathering: 2, printing: 3, saving: 4 };

async function jobOf(app: FastifyInstance, request: FastifyRequest): Promise<PdfJobSummary> {
  const membership = membershipOf(request);
  const job = await findPdfJob(app.db, membership.alliance_id, signedIn(request).id, idParam(request, 'jobId'));
  const allowed = job?.permissions.split(' ').every((action) => can(membership.role, action as Action));
  if (!job || !allowed) throw notFound();
  return job;
}

/** A PDF made before a story of the alliance was withdrawn or changed: no longer handed out. */
async function stale(app: FastifyInstance, job: PdfJobSummary): Promise<boolean> {
  return job.status === 'done' && job.made_from !== (await storyChangesMark(app.db, job.alliance_id));
}

/**
 * A job's page, its progress and its download, at `jobHref`; `again` is where "Try again" posts (the printable
 * address, by default the job's own). Shared by members' jobs here and share links' jobs (reports/shared-routes.ts).
 */
export const jobPages = {
  async page(
    request: FastifyRequest,
    reply: FastifyReply,
    job: PdfJobSummary,
    jobHref: string,
    options: { again?: string; data?: Record<string, unknown> } = {},
  ) {
    const waiting = job.status === 'queued' || job.status === 'working';
    const [path, query] = job.address.split('?');
    return reply.header('cache-control', 'no-store').page('printing/job', {
      ...options.data,
      job,
      waiting,
      scripts: waiting ? ['/static/js/progress.js'] : [],
      jobHref,
      progressHref: `${jobHref}/progress`,
      ahead: job.status === 'queued' ? await placeInQueue(request.server.db, job) : 0,
      stepNumber: STEPS[job.step] ?? 1,
      percent: Math.round(((STEPS[job.step] ?? 1) - 1) * 25),
      downloadHref: `${jobHref}/download`,
      again: {
        action: options.again ?? path,
        fields: [...new URLSearchParams(query ?? '')].map(([name, value]) => ({ name, value })),
      },
      sizeKb: Math.max(1, Math.round(job.size / 1024)),
    });
  },

  // What progress.js reads while the page waits: the page is opened again once the job is done or failed.
  progress(request: FastifyRequest, reply: FastifyReply, job: PdfJobSummary) {
    const step = STEPS[job.step] ?? 1;
    const t = translator(languageOf(request));
    return reply.header('cache-control', 'no-store').send({
      status: job.status,
      progress: (step - 1) / 4,
      step: `${t('printing.job.step', { number: step, count: 4 })} ${t(`printing.steps.${job.step}`)}`,
    });
  },

  async download(request: FastifyRequest, reply: FastifyReply, job: PdfJobSummary, jobHref: string) {
    const pdf = job.status === 'done' ? await pdfOf(request.server.db, job) : undefined;
    if (!pdf) return reply.redirect(jobHref, 303);
    return reply
      .type('application/pdf')
      .header('content-disposition', `attachment; filename="${job.file_name}"`)
      .header('cache-control', 'no-store')
      .send(pdf);
  },
};

export async function printingRoutes(app: FastifyInstance): Promise<void> {
  const hrefOf = (job: PdfJobSummary) => `/alliances/${job.alliance_id}/printing/${job.id}`;
  app.get<{ Querystring: Fields }>(
    '/printing/:jobId',
    { schema: { querystring: Fields }, config: ANY_MEMBER },
    async (request, reply) => {
      const job = await jobOf(app, request);
      return jobPages.page(request, reply, job, hrefOf(job), { data: { stale: await stale(app, job) } });
    },
  );
  app.get('/printing/:jobId/progress', { config: ANY_MEMBER }, async (request, reply) =>
    jobPages.progress(request, reply, await jobOf(app, request)),
  );
  app.get('/printing/:jobId/download', { config: ANY_MEMBER }, async (request, reply) => {
    const job = await jobOf(app, request);
    if (await stale(app, job)) return reply.redirect(hrefOf(job), 303);
    return jobPages.download(request, reply, job, hrefOf(job));
  });
}
