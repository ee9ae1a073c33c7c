/** Server-rendered pages: an isolated Handlebars engine, every partial in views/partials, one layout. */
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import view from '@fastify/view';
import type { FastifyInstance } from 'fastify';
import Handlebars from 'handlebars';
import { registerHelpers } from './helpers/index.ts';

export const viewsDir = join(import.meta.dirname, '..', '..', 'views');

function partialsIn(dir: string): Record<string, string> {
  const found: Record<string, string> = {};
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.hbs')) continue;
    const path = relative(viewsDir, join(entry.parentPath, entry.name));
    found[relative('partials', path).replace(/\.hbs$/, '')] = path;
  }
  return found;
}

export async function registerViews(app: FastifyInstance): Promise<void> {
  const hbs = Handlebars.create();
  registerHelpers(hbs);
  await app.register(view, {
    engine: { handlebars: hbs },
    root: viewsDir,
    layout: 'layouts/main.hbs',
    viewExt: 'hbs',
    // Cache compiled templates unless someone is editing them.
    production: process.env.NODE_ENV !== 'development',
    options: {
      partials: partialsIn(join(viewsDir, 'partials')),
      // preventIndent keeps partials from changing the text inside a <textarea>.
      compileOptions: { preventIndent: true, strict: false },
    },
  });
}
