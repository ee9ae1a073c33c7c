/**
 * How a printable page (a pack's or report's .pdf address) takes part in PDF jobs. A person who opens the address
 * gets a page with a button that queues the job (a POST to the same address, with CSRF, no script needed); the job
 * runner opening it as that person gets the document to print. Packs and reports call these two functions.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Action } from '../accounts/permissions.ts';
import type { PdfKind } from '../db/schema.ts';
import { membershipOf, signedIn } from '../web/auth.ts';
import { pdfUnavailable, type PrintJob, type Unprinted } from '../web/pdf.ts';
import type { Fields } from '../web/schemas.ts';
import { storyChangesMark } from '../stories/care-store.ts';
import { queuePdfOnce } from './jobs-store.ts';
import { FILE_HEADER, PAPER_HEADER } from './printer.ts';

const pathOf = (request: FastifyRequest) => request.url.split('?')[0]!;

/** Fields as a query string, in the order sent, leaving out the form's CSRF token. */
export function queryOf(fields: Fields | undefined): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(fields ?? {}))
    if (name !== '_csrf') for (const v of Array.isArray(value) ? value : [value]) params.append(name, v);
  return params.toString();
}

/**
 * The printable page's answer: to the job runner the document itself (its paper and file name in headers); to a
 * person the page that asks for the PDF, or the 503 page when this server has no Chromium.
 */
export async function sendPrintable(
  request: FastifyRequest,
  reply: FastifyReply,
  makeJob: () => PrintJob | Promise<PrintJob>,
  unprinted: Unprinted,
  title: string,
) {
  if (reply.server.printing.isRunner(request)) {
    const job = await makeJob();
    return reply
      .type('text/html; charset=utf-8')
      .header(PAPER_HEADER, job.paper)
      .header(FILE_HEADER, encodeURIComponent(job.fileName))
      .header('cache-control', 'no-store')
      .send(job.html);
  }
  if (!reply.server.pdf.available) return pdfUnavailable(reply, 'noChromium', unprinted);
  const query = new URLSearchParams(request.url.split('?')[1] ?? '');
  return reply.page('printing/ask', {
    ...unprinted.data,
    title,
    action: pathOf(request),
    fields: [...query].map(([name, value]) => ({ name, value })),
    printHref: unprinted.printHref,
    printKey: unprinted.printKey,
  });
}

export interface PdfAsked {
  kind: PdfKind;
  /** What the asker's role must allow to see this PDF, now and when they download it. */
  permissions: readonly Action[];
  /** Settings that can't be understood: the person goes back to the page, which shows what is wrong. */
  invalid: (fields: Fields) => boolean | Promise<boolean>;
}

/**
 * POST to a printable address: queues the PDF of that address with the form's fields as its query, and sends the
 * person to the job's page. Settings that can't be understood go back to the page that shows what is wrong.
 */
export async function queuePdfFromForm(
  request: FastifyRequest<{ Body: Fields | undefined }>,
  reply: FastifyReply,
  asked: PdfAsked,
) {
  const fields = request.body ?? {};
  const query = queryOf(fields);
  // The page the PDF prints: …/pack for …/pack.pdf, …/report for …/report.pdf.
  const back = `${pathOf(request).replace(/\.pdf$/, '')}${query ? `?${query}` : ''}`;
  if (await asked.invalid(fields)) return reply.redirect(back, 303);
  const membership = membershipOf(request);
  const { db } = request.server;
  // The same form sent again (a double press, a retry) leads to the job it already asked for.
  const job = await queuePdfOnce(
    db,
    {
      allianceId: membership.alliance_id,
      userId: signedIn(request).id,
      kind: asked.kind,
      address: query ? `${pathOf(request)}?${query}` : pathOf(request),
      back,
      permissions: asked.permissions,
    },
    await storyChangesMark(db, membership.alliance_id),
  );
  request.server.printing.poke();
  return reply.redirect(`/alliances/${membership.alliance_id}/printing/${job.id}`, 303);
}
