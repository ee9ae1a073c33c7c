/**
 * The report as one whole document for Chromium to print: the same report partials as the page, with the site's
 * screen and print stylesheets inlined (server/web/document.ts). A PDF is then the report as a browser prints it.
 */
import { renderDocument, stylesheet } from '../web/document.ts';

/** The report ready to print: views/reports/print-layout.hbs around the report's partials. */
export function reportDocument(context: Record<string, unknown>): string {
  return renderDocument('reports/print-layout', undefined, {
    ...context,
    css: { screen: stylesheet('screen'), print: stylesheet('print') },
  });
}

/** A file name from the report's title: letters, digits and dashes only. */
export function reportFileName(title: string): string {
  const base =
    title
      .normalize('NFKD')
      .replace(/[^A-Za-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .toLowerCase()
      .slice(0, 60) || 'report';
  return `${base}-report.pdf`;
}
