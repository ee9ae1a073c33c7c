/**
 * PDFs by headless Chromium (the system one, from config; never a downloaded browser), for every printed document
 * (packs, reports). One browser is shared by every request, launched on first use and closed with the app; each
 * PDF gets its own context, closed after. A PDF that takes too long, or a browser that won't start, fails with a
 * PdfError, and sendPdf answers with a page that says so: printing from the browser still works.
 */
import type { FastifyReply } from 'fastify';
import type { Browser } from 'playwright-core';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export type Paper = 'a4' | 'letter';

export class PdfError extends Error {}

export class PdfMaker {
  private browser?: Promise<Browser>;

  constructor(
    private chromiumPath: string,
    private timeoutMs = 60_000,
  ) {}

  /** False when no Chromium was found on this server: browser printing still works. */
  get available(): boolean {
    return this.chromiumPath !== '';
  }

  private launch(): Promise<Browser> {
    this.browser ??= (async () => {
      // Loaded only when a PDF is asked for, so a server without it starts and serves everything else.
      const { chromium } = await import('playwright-core');
      const browser = await chromium.launch({ executablePath: this.chromiumPath, args: CHROMIUM_ARGS });
      browser.on('disconnected', () => (this.browser = undefined));
      return browser;
    })().catch((error: unknown) => {
      this.browser = undefined;
      throw new PdfError(`Chromium would not start: ${(error as Error).message}`);
    });
    return this.browser;
  }

  /** The HTML (a whole document, nothing to fetch) printed on A4 or US Letter, with its CSS page rules. */
  async render(html: string, paper: Paper): Promise<Buffer> {
    if (!this.available) throw new PdfError('No Chromium on this server');
    const browser = await this.launch();
    const context = await browser.newContext({ javaScriptEnabled: false });
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new PdfError(`The PDF took longer than ${this.timeoutMs / 1000} s`)),
        this.timeoutMs,
      );
    });
    try {
      const work = (async () => {
        const page = await context.newPage();
        await page.setContent(html, { waitUntil: 'load', timeout: this.timeoutMs });
        return page.pdf({
          format: paper === 'letter' ? 'Letter' : 'A4',
          printBackground: true,
          preferCSSPageSize: true,
        });
      })();
      return await Promise.race([work, timeout]);
    } catch (error) {
      throw error instanceof PdfError
        ? error
        : new PdfError(`Chromium could not print the document: ${(error as Error).message}`);
    } finally {
      clearTimeout(timer);
      await context.close().catch(() => {});
    }
  }

  async close(): Promise<void> {
    const browser = this.browser;
    this.browser = undefined;
    if (browser) await (await browser.catch(() => undefined))?.close();
  }
}

/** A document to print: the whole HTML, its paper and the downloaded file's name. */
export interface PrintJob {
  html: string;
  paper: Paper;
  fileName: string;
}

/** What the 503 page offers instead of a PDF. */
export interface Unprinted {
  /** The document in the browser, to print from there, and the link's words (a translation key). */
  printHref: string;
  printKey: string;
  /** Anything more the page needs, e.g. `back` ({ href, label }) or a signed-out header on a shared link. */
  data?: Record<string, unknown>;
}

/** The 503 page for a PDF that can't be made here (no Chromium) or failed, pointing to browser printing. */
export function pdfUnavailable(reply: FastifyReply, why: 'noChromium' | 'failed', unprinted: Unprinted) {
  return reply.code(503).page('pdf/unavailable', {
    ...unprinted.data,
    reason: `pdf.unavailable.${why}`,
    printHref: unprinted.printHref,
    printKey: unprinted.printKey,
  });
}

/**
 * Answers with the document as a PDF download, or the 503 page when there is no Chromium or printing fails.
 * The job is a function so nothing is rendered for a server that can't print it.
 */
export async function sendPdf(reply: FastifyReply, makeJob: () => PrintJob, unprinted: Unprinted) {
  const pdf = reply.server.pdf;
  if (!pdf.available) return pdfUnavailable(reply, 'noChromium', unprinted);
  const job = makeJob();
  try {
    const file = await pdf.render(job.html, job.paper);
    return reply
      .type('application/pdf')
      .header('content-disposition', `attachment; filename="${job.fileName}"`)
      .header('cache-control', 'no-store')
      .send(file);
  } catch (error) {
    if (!(error instanceof PdfError)) throw error;
    reply.request.log.error({ err: error, file: job.fileName }, 'PDF failed');
    return pdfUnavailable(reply, 'failed', unprinted);
  }
}
