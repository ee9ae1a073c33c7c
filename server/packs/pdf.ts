/**
 * PDFs by headless Chromium (the system one, from config; never a downloaded browser). One browser is shared by
 * every request, launched on first use and closed with the app; each PDF gets its own context, closed after.
 * A PDF that takes too long, or a browser that won't start, fails with a PdfError the page can explain.
 */
import type { Browser } from 'playwright-core';
import type { Paper } from './options.ts';

export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

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
      timer = setTimeout(() => reject(new PdfError(`The PDF took longer than ${this.timeoutMs / 1000} s`)), this.timeoutMs);
    });
    try {
      const work = (async () => {
        const page = await context.newPage();
        await page.setContent(html, { waitUntil: 'load', timeout: this.timeoutMs });
        return page.pdf({ format: paper === 'letter' ? 'Letter' : 'A4', printBackground: true, preferCSSPageSize: true });
      })();
      return await Promise.race([work, timeout]);
    } catch (error) {
      throw error instanceof PdfError ? error : new PdfError(`Chromium could not print the pack: ${(error as Error).message}`);
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
