/** Answers with the report as a PDF, or a 503 page saying so (and that browser printing still works). */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { PdfError } from '../packs/pdf.ts';
import { languageOf } from '../web/language.ts';
import { reportDocument, reportFileName } from './document.ts';
import type { Report } from './report.ts';

export async function sendReportPdf(app: FastifyInstance, request: FastifyRequest, reply: FastifyReply, report: Report, backHref: string, shared = false) {
  const pdf = app.pdf;
  const hidden = shared ? { user: null, myAlliances: [] } : {};
  const unavailable = (reason: string) => reply.code(503).page('reports/unavailable', { reason, backHref, ...hidden });
  if (!pdf.available) return unavailable('reports.unavailable.noChromium');
  const html = reportDocument({ lang: languageOf(request), report });
  try {
    const file = await pdf.render(html, 'a4');
    return reply
      .type('application/pdf')
      .header('content-disposition', `attachment; filename="${reportFileName(report.title)}"`)
      .header('cache-control', 'no-store')
      .send(file);
  } catch (error) {
    if (!(error instanceof PdfError)) throw error;
    request.log.error({ err: error }, 'report PDF failed');
    return unavailable('reports.unavailable.failed');
  }
}
