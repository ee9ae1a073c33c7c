/**
 * The one Handlebars environment: the helpers in ./helpers and every partial in views/partials, registered once.
 * Site pages (through @fastify/view) and printed documents (document.ts) both render with it.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import Handlebars from 'handlebars';
import { registerHelpers } from './helpers/index.ts';

export const viewsDir = join(import.meta.dirname, '..', '..', 'views');
const partialsDir = join(viewsDir, 'partials');

/** preventIndent keeps partials from changing the text inside a <textarea>. */
export const COMPILE_OPTIONS: CompileOptions = { preventIndent: true, strict: false };

/** Every partial under views/partials, named by its path there without .hbs (e.g. packs/story), as paths from views/. */
export function partialFiles(): Record<string, string> {
  const found: Record<string, string> = {};
  for (const entry of readdirSync(partialsDir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.hbs')) continue;
    const path = relative(viewsDir, join(entry.parentPath, entry.name));
    found[relative('partials', path).replace(/\.hbs$/, '')] = path;
  }
  return found;
}

export const hbs = Handlebars.create();
registerHelpers(hbs);
for (const [name, path] of Object.entries(partialFiles())) {
  hbs.registerPartial(name, hbs.compile(readFileSync(join(viewsDir, path), 'utf8'), COMPILE_OPTIONS));
}
