/**
 * A PDF job's page and its download, for the person who asked only (anyone else, or the asker once their role no
 * longer lets them see that output, gets 404). While the PDF is being made the page follows its progress as a theme
 * run's does (static/js/progress.js, opening the result when it ends; without JavaScript, a link checks again), then
 * offers the download; a failure says what went wrong and offers to try again.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { can, rolesFor, type Action } from '../accounts/permissions.ts';
import { membershipOf, signedIn } from '../web/auth.ts';
import { notFound } from '../web/errors.ts';
import { translator } from '../web/i18n.ts';
import { languageOf } from '../web/language.ts';
import { idParam } from '../web/params.ts';
import { Fields } from '../web/schemas.ts';
import { findPdfJob, pdfOf, placeInQueue, type PdfJobSummary } from './jobs-store.ts';

const ANY_MEMBER = { roles: rolesFor('seeAlliance') };
const STEPS: Record<string, number> = { waiting: 1, gathering: 2, printing: 3, saving: 4 };

async function jobOf(app: FastifyInstance, request: FastifyRequest): Promise<PdfJobSummary> {
  const membership = membershipOf(request);
  const job = await findPdfJob(app.db, membership.alliance_id, signedIn(request).id, idParam(request, 'jobId'));
  const allowed = job?.permissions.split(' ').every((action) => can(membership.role, action as Action));
  if (!job || !allowed) throw notFound();
  return job;
}

export async function printingRoutes(app: FastifyInstance): Promise<void> {
  app.get<{ Querystring: Fields }>(
    '/printing/:jobId',
    { schema: { querystring: Fields }, config: ANY_MEMBER },
    async (request, reply) => {
      const job = await jobOf(app, request);
      const waiting = job.status === 'queued' || job.status === 'working';
      const [path, query] = job.address.split('?');
      const jobHref = `/alliances/${job.alliance_id}/printing/${job.id}`;
      return reply.header('cache-control', 'no-store').page('printing/job', {
        job,
        waiting,
        scripts: waiting ? ['/static/js/progress.js'] : [],
        jobHref,
        progressHref: `${jobHref}/progress`,
        ahead: job.status === 'queued' ? await placeInQueue(app.db, job) : 0,
        stepNumber: STEPS[job.step] ?? 1,
        percent: Math.round(((STEPS[job.step] ?? 1) - 1) * 25),
        downloadHref: `/alliances/${job.alliance_id}/printing/${job.id}/download`,
        again: {
          action: path,
          fields: [...new URLSearchParams(query ?? '')].map(([name, value]) => ({ name, value })),
        },
        sizeKb: Math.max(1, Math.round(job.size / 1024)),
      });
    },
  );

  // What progress.js reads while the page waits: the page is opened again once the job is done or failed.
  app.get('/printing/:jobId/progress', { config: ANY_MEMBER }, async (request, reply) => {
    const job = await jobOf(app, request);
    const step = STEPS[job.step] ?? 1;
    const t = translator(languageOf(request));
    return reply.header('cache-control', 'no-store').send({
      status: job.status,
      progress: (step - 1) / 4,
      step: `${t('printing.job.step', { number: step, count: 4 })} ${t(`printing.steps.${job.step}`)}`,
    });
  });

  app.get('/printing/:jobId/download', { config: ANY_MEMBER }, async (request, reply) => {
    const job = await jobOf(app, request);
    const pdf = job.status === 'done' ? await pdfOf(app.db, job) : undefined;
    if (!pdf) return reply.redirect(`/alliances/${job.alliance_id}/printing/${job.id}`, 303);
    return reply
      .type('application/pdf')
      .header('content-disposition', `attachment; filename="${job.file_name}"`)
      .header('cache-control', 'no-store')
      .send(pdf);
  });
}
