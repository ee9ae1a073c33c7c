/**
 * The report as one whole document for Chromium to print (loaded with setContent, so it fetches nothing): the
 * same report partials as the page, with the site's screen and print stylesheets inlined. A PDF is then the
 * report as a browser prints it. PDFs themselves come from the app's one PdfMaker (app.pdf), shared with packs.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import Handlebars from 'handlebars';
import { registerHelpers } from '../web/helpers/index.ts';
import { viewsDir } from '../web/views.ts';

const hbs = Handlebars.create();
registerHelpers(hbs);
const partialsDir = join(viewsDir, 'partials', 'reports');
for (const entry of readdirSync(partialsDir, { withFileTypes: true })) {
  if (!entry.isFile() || !entry.name.endsWith('.hbs')) continue;
  hbs.registerPartial(relative(join(viewsDir, 'partials'), join(partialsDir, entry.name)).replace(/\.hbs$/, ''), readFileSync(join(partialsDir, entry.name), 'utf8'));
}

let layout: Handlebars.TemplateDelegate | undefined;
let css: { screen: string; print: string } | undefined;

/** The report ready to print: views/reports/print-layout.hbs around the report's partial. */
export function reportDocument(context: Record<string, unknown>): string {
  layout ??= hbs.compile(readFileSync(join(viewsDir, 'reports', 'print-layout.hbs'), 'utf8'), { preventIndent: true });
  css ??= {
    screen: readFileSync(join(viewsDir, '..', 'static', 'css', 'screen.css'), 'utf8'),
    print: readFileSync(join(viewsDir, '..', 'static', 'css', 'print.css'), 'utf8'),
  };
  return layout({ ...context, css });
}

/** A file name from the report's title: letters, digits and dashes only. */
export function reportFileName(title: string): string {
  const base = title.normalize('NFKD').replace(/[^A-Za-z0-9]+/g, '-').replace(/^-+|-+$/g, '').toLowerCase().slice(0, 60) || 'report';
  return `${base}-report.pdf`;
}
