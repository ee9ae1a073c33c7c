/**
 * Whole documents outside the site's layout: the pack as Chromium prints it (its stylesheet inlined, since the page
 * is loaded with setContent and fetches nothing), and the read-aloud and exhibit screens, which show nothing but
 * the story or exhibit. Same Handlebars helpers and pack partials as the site's pages.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { FastifyReply } from 'fastify';
import Handlebars from 'handlebars';
import { registerHelpers } from '../web/helpers/index.ts';
import { DEFAULT_LANGUAGE } from '../web/i18n.ts';
import { viewsDir } from '../web/views.ts';

const hbs = Handlebars.create();
registerHelpers(hbs);
const partialsDir = join(viewsDir, 'partials', 'packs');
for (const entry of readdirSync(partialsDir, { withFileTypes: true })) {
  if (!entry.isFile() || !entry.name.endsWith('.hbs')) continue;
  const name = relative(join(viewsDir, 'partials'), join(partialsDir, entry.name)).replace(/\.hbs$/, '');
  hbs.registerPartial(name, readFileSync(join(partialsDir, entry.name), 'utf8'));
}

const compiled = new Map<string, Handlebars.TemplateDelegate>();
function template(name: string): Handlebars.TemplateDelegate {
  let found = compiled.get(name);
  if (!found) {
    found = hbs.compile(readFileSync(join(viewsDir, `${name}.hbs`), 'utf8'), { preventIndent: true });
    compiled.set(name, found);
  }
  return found;
}

/** Renders views/<name>.hbs inside views/packs/<layout>.hbs. */
export function renderDocument(layout: 'print-layout' | 'screen-layout', name: string, context: Record<string, unknown>): string {
  const body = template(name)(context);
  return template(`packs/${layout}`)({ ...context, body });
}

let printCss: string | undefined;
/** The print stylesheet, inlined into the PDF's page (read once). */
export function printStylesheet(): string {
  printCss ??= readFileSync(join(viewsDir, '..', 'static', 'css', 'print.css'), 'utf8');
  return printCss;
}

/** Sends a read-aloud or exhibit screen: the page title is the translation packs.<template>.title. */
export function sendScreen(reply: FastifyReply, name: string, data: Record<string, unknown>): FastifyReply {
  const lang = reply.request.user?.language ?? DEFAULT_LANGUAGE;
  const html = renderDocument('screen-layout', `packs/${name}`, { lang, titleKey: `packs.${name}.title`, ...data });
  return reply.type('text/html; charset=utf-8').send(html);
}
