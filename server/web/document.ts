/**
 * Whole documents outside the site's layout, rendered with the site's Handlebars environment: what Chromium prints
 * (packs, reports; loaded with setContent, so stylesheets are inlined and nothing is fetched) and the bare screens.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type Handlebars from 'handlebars';
import { COMPILE_OPTIONS, hbs, viewsDir } from './handlebars.ts';

const compiled = new Map<string, Handlebars.TemplateDelegate>();
function template(name: string): Handlebars.TemplateDelegate {
  let found = compiled.get(name);
  if (!found) {
    found = hbs.compile(readFileSync(join(viewsDir, `${name}.hbs`), 'utf8'), COMPILE_OPTIONS);
    compiled.set(name, found);
  }
  return found;
}

/**
 * Renders views/<layout>.hbs. With a body, views/<body>.hbs is rendered first with the same context and handed
 * to the layout as {{{body}}}; without one, the layout holds the whole document (e.g. through partials).
 */
export function renderDocument(layout: string, body: string | undefined, context: Record<string, unknown>): string {
  if (body === undefined) return template(layout)(context);
  return template(layout)({ ...context, body: template(body)(context) });
}

const stylesheets = new Map<string, string>();
/** static/css/<name>.css, to inline into a printed document (read once). */
export function stylesheet(name: 'screen' | 'print'): string {
  let css = stylesheets.get(name);
  if (css === undefined) {
    css = readFileSync(join(viewsDir, '..', 'static', 'css', `${name}.css`), 'utf8');
    stylesheets.set(name, css);
  }
  return css;
}
