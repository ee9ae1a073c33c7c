/**
 * /shared/<token>: the funder report, read-only, without an account and without the site's member navigation.
 * An expired or revoked link answers 410 with a page saying so; an unknown one 404. Each opening is recorded.
 *
 * Its PDF is a job like a member's (issue 20): "Make the PDF" queues it for whichever app server is free, and the job's
 * page follows it and offers the download. The job belongs to the link, not to a person: anyone holding the link sees
 * it while the link is open. The job keeps the link's id, never its token; the runner prints the report through a
 * route only it can open, as anyone holding the link would see it (the funders' view of the link's period).
 *
 * A PDF is kept with the report's fingerprint when it was printed. Everyone asking while it still matches gets that
 * one PDF (a link passed round a room makes one, not one per press); once the report changes (a story withdrawn or
 * its consent changed, a new story), the PDF is no longer handed out, and the next press makes a new one.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { findInquiry } from '../inquiries/inquiries-store.ts';
import type { ShareLink } from '../db/schema.ts';
import { sendPrintable } from '../printing/asking.ts';
import { findSharedPdfJob, latestSharedPdfJob, queuePdf, type PdfJobSummary } from '../printing/jobs-store.ts';
import { MADE_FROM_HEADER } from '../printing/printer.ts';
import { jobPages } from '../printing/routes.ts';
import { notFound } from '../web/errors.ts';
import { languageOf, supported } from '../web/language.ts';
import { idParam } from '../web/params.ts';
import { Fields, TokenParams } from '../web/schemas.ts';
import { reportFingerprint } from './report-cache.ts';
import { makeReport } from './report.ts';
import { reportJob } from './routes.ts';
import { findShareLink, findShareLinkById, recordShareAccess, type LinkState } from './share-store.ts';

/** Share links are long random tokens; the limit makes guessing pointless and stops floods (as for receipts). */
const SHARE_LIMIT = { max: 30, timeWindow: '1 minute' };
/** The job's page polls its progress about once a second: a looser limit for it alone. */
const PROGRESS_LIMIT = { max: 120, timeWindow: '1 minute' };
/** No member navigation on a shared page, even for someone signed in. */
const bare = { user: null, myAlliances: [] };

type JobParams = { Params: TokenParams & { jobId: string } };

/** What the runner opens for a link's PDF: its id and the language it was asked in, never its token. */
const printAddress = (link: ShareLink, lang: string) => `/shared-links/${link.id}/report.pdf?lang=${lang}`;
const unfinished = (job: PdfJobSummary) => job.status === 'queued' || job.status === 'working';
// A failed job is never shared: "Try again" queues a new one.

export async function shareRoutes(app: FastifyInstance): Promise<void> {
  /** The link the token opens, or the answer to send instead (410 page, or 404). */
  async function linkOf(request: FastifyRequest<{ Params: TokenParams }>, reply: FastifyReply) {
    return openOrGone(await findShareLink(app.db, request.params.token), reply);
  }
  function openOrGone(found: LinkState, reply: FastifyReply) {
    if (found.state === 'unknown') throw notFound();
    if (found.state === 'gone') return { gone: reply.code(410).page('reports/gone', bare) };
    return { link: found.link };
  }
  async function inquiryOf(link: ShareLink) {
    const inquiry = await findInquiry(app.db, link.alliance_id, link.inquiry_id);
    if (!inquiry) throw notFound();
    return inquiry;
  }
  /** A PDF made from the report as it was before its latest change: never handed out. */
  async function stale(link: ShareLink, job: PdfJobSummary): Promise<boolean> {
    return job.status === 'done' && job.made_from !== (await reportFingerprint(app.db, await inquiryOf(link)));
  }
  async function reportOf(request: FastifyRequest, link: ShareLink, lang = languageOf(request)) {
    const inquiry = await inquiryOf(link);
    return makeReport(app.db, lang, inquiry, 'funders', { from: link.period_from, to: link.period_to });
  }

  app.get<{ Params: TokenParams }>(
    '/shared/:token',
    { schema: { params: TokenParams }, config: { rateLimit: SHARE_LIMIT } },
    async (request, reply) => {
      const { link, gone } = await linkOf(request, reply);
      if (gone) return gone;
      await recordShareAccess(app.db, link, 'page');
      const { token } = request.params;
      return reply
        .header('cache-control', 'no-store')
        .header('x-robots-tag', 'noindex')
        .page('reports/shared', {
          ...bare,
          report: await reportOf(request, link),
          pdfHref: `/shared/${token}/report.pdf`,
        });
    },
  );

  // The page asking for the PDF (a button, no script needed), or the 503 page on a server without Chromium.
  app.get<{ Params: TokenParams }>(
    '/shared/:token/report.pdf',
    { schema: { params: TokenParams }, config: { rateLimit: SHARE_LIMIT } },
    async (request, reply) => {
      const { link, gone } = await linkOf(request, reply);
      if (gone) return gone;
      const back = `/shared/${request.params.token}`;
      const { title } = await inquiryOf(link);
      return sendPrintable(
        request,
        reply,
        () => {
          throw notFound(); // the runner prints through /shared-links/…, never the token's address
        },
        { printHref: back, printKey: 'reports.printInstead', data: bare },
        title,
      );
    },
  );

  app.post<{ Params: TokenParams; Body: Fields | undefined }>(
    '/shared/:token/report.pdf',
    { schema: { params: TokenParams }, config: { rateLimit: SHARE_LIMIT } },
    async (request, reply) => {
      const { link, gone } = await linkOf(request, reply);
      if (gone) return gone;
      await recordShareAccess(app.db, link, 'pdf');
      const address = printAddress(link, languageOf(request));
      const latest = await latestSharedPdfJob(app.db, link.id, address);
      const job =
        latest && (unfinished(latest) || (latest.status === 'done' && !(await stale(link, latest))))
          ? latest
          : await queuePdf(app.db, {
              allianceId: link.alliance_id,
              userId: null,
              shareLinkId: link.id,
              kind: 'report',
              address,
              back: '',
              permissions: [],
            });
      app.printing.poke();
      return reply.redirect(`/shared/${request.params.token}/pdf/${job.id}`, 303);
    },
  );

  /** The job asked through this link, with its page's addresses; or the 410 page once the link is gone. */
  async function jobOf(request: FastifyRequest<JobParams>, reply: FastifyReply) {
    const { link, gone } = await linkOf(request, reply);
    if (gone) return { gone };
    const job = await findSharedPdfJob(app.db, link.id, idParam(request, 'jobId'));
    if (!job) throw notFound();
    const base = `/shared/${request.params.token}`;
    // The page goes back to the shared report: the token is in this request's address, never in the job.
    const shown = { ...job, back: base };
    return { job: shown, base, href: `${base}/pdf/${job.id}`, stale: await stale(link, job) };
  }
  const JOB = { schema: { params: TokenParams }, config: { rateLimit: SHARE_LIMIT } };

  app.get<JobParams>('/shared/:token/pdf/:jobId', JOB, async (request, reply) => {
    const { job, base, href, stale, gone } = await jobOf(request, reply);
    if (gone) return gone;
    const data = { ...bare, shared: true, stale };
    return jobPages.page(request, reply, job, href, { again: `${base}/report.pdf`, data });
  });
  app.get<JobParams>(
    '/shared/:token/pdf/:jobId/progress',
    { ...JOB, config: { rateLimit: PROGRESS_LIMIT } },
    async (request, reply) => {
      const { job, gone } = await jobOf(request, reply);
      if (gone) return reply.code(410).send({ status: 'gone' });
      return jobPages.progress(request, reply, job);
    },
  );
  app.get<JobParams>('/shared/:token/pdf/:jobId/download', JOB, async (request, reply) => {
    const { job, href, stale, gone } = await jobOf(request, reply);
    if (gone) return gone;
    if (stale) return reply.redirect(href, 303);
    return jobPages.download(request, reply, job, href);
  });

  // The runner's own address for a link's PDF: anyone else is told it does not exist.
  app.get<{ Params: { linkId: string }; Querystring: { lang?: string } }>(
    '/shared-links/:linkId/report.pdf',
    async (request, reply) => {
      if (!app.printing.isRunner(request)) throw notFound();
      const { link, gone } = openOrGone(await findShareLinkById(app.db, idParam(request, 'linkId')), reply);
      if (gone) return gone;
      const lang = supported(request.query.lang) ?? languageOf(request);
      // Read before the report, so a change made while it is computed makes this PDF stale, never the reverse.
      reply.header(MADE_FROM_HEADER, await reportFingerprint(app.db, await inquiryOf(link)));
      const report = await reportOf(request, link, lang);
      return sendPrintable(request, reply, () => reportJob(lang, report), { printHref: '', printKey: '' }, '');
    },
  );
}
