/**
 * A PDF job's page and its download, for the person who asked only (anyone else, or the asker once their role no
 * longer lets them see that output, gets 404). The page reloads itself every 2 s (a meta refresh, no script) while
 * the PDF is being made, then offers the download; a failure says what went wrong and offers to try again.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { can, rolesFor, type Action } from '../accounts/permissions.ts';
import { membershipOf, signedIn } from '../web/auth.ts';
import { notFound } from '../web/errors.ts';
import { idParam } from '../web/params.ts';
import { Fields } from '../web/schemas.ts';
import { findPdfJob, pdfOf, placeInQueue, type PdfJobSummary } from './jobs-store.ts';

const ANY_MEMBER = { roles: rolesFor('seeAlliance') };
export const REFRESH_SECONDS = 2;

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
      // WCAG 2.2.1: whoever finds the page changing by itself can stop it (and check by hand instead).
      const refresh = request.query.refresh !== 'off';
      const waiting = job.status === 'queued' || job.status === 'working';
      const [path, query] = job.address.split('?');
      return reply.header('cache-control', 'no-store').page('printing/job', {
        job,
        waiting,
        refreshSeconds: waiting && refresh ? REFRESH_SECONDS : undefined,
        jobHref: `/alliances/${job.alliance_id}/printing/${job.id}`,
        ahead: job.status === 'queued' ? await placeInQueue(app.db, job) : 0,
        stepNumber: { waiting: 1, gathering: 2, printing: 3, saving: 4 }[job.step] ?? 1,
        downloadHref: `/alliances/${job.alliance_id}/printing/${job.id}/download`,
        again: {
          action: path,
          fields: [...new URLSearchParams(query ?? '')].map(([name, value]) => ({ name, value })),
        },
        sizeKb: Math.max(1, Math.round(job.size / 1024)),
      });
    },
  );

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
