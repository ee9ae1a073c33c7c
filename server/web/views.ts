/** Server-rendered pages: the app's one Handlebars environment (handlebars.ts), one layout. */
import view from '@fastify/view';
import type { FastifyInstance } from 'fastify';
import { COMPILE_OPTIONS, hbs, partialFiles, viewsDir } from './handlebars.ts';

export async function registerViews(app: FastifyInstance): Promise<void> {
  // Cache compiled templates unless someone is editing them.
  const production = process.env.NODE_ENV !== 'development';
  await app.register(view, {
    engine: { handlebars: hbs },
    root: viewsDir,
    layout: 'layouts/main.hbs',
    viewExt: 'hbs',
    production,
    options: {
      // Partials are registered with the environment; while editing, @fastify/view re-reads them for each page.
      partials: production ? undefined : partialFiles(),
      compileOptions: COMPILE_OPTIONS,
    },
  });
}
