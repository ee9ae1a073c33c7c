/**
 * The installable web app for the field: its service worker (served from the root, so its scope covers the
 * alliance pages it keeps offline), its web manifest, and the address the installed app opens at.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { translator } from '../web/i18n.ts';
import { languageOf } from '../web/language.ts';

export const SERVICE_WORKER_URL = '/field-sw.js';
export const MANIFEST_URL = '/field/manifest.webmanifest';
/** Where the installed app starts: the field page of your alliance (offline, the copy the phone keeps of it). */
export const START_URL = '/field';

const serviceWorker = readFileSync(join(import.meta.dirname, '..', '..', 'static', 'js', 'field', 'sw.js'), 'utf8');

export async function fieldAppRoutes(app: FastifyInstance): Promise<void> {
  app.get(SERVICE_WORKER_URL, async (_request, reply) =>
    reply.type('text/javascript; charset=utf-8').send(serviceWorker),
  );

  app.get(MANIFEST_URL, async (request, reply) => {
    const t = translator(languageOf(request));
    return reply.type('application/manifest+json; charset=utf-8').send({
      name: t('field.manifest.name'),
      short_name: 'Hearth',
      description: t('field.manifest.description'),
      lang: languageOf(request),
      start_url: START_URL,
      scope: '/',
      display: 'standalone',
      background_color: '#fdfcf8',
      theme_color: '#8a3b12',
      icons: [192, 512].map((size) => ({
        src: `/static/field/icon-${size}.png`,
        sizes: `${size}x${size}`,
        type: 'image/png',
        purpose: 'any',
      })),
    });
  });

  app.get(START_URL, async (request, reply) => {
    if (!request.user) return reply.redirect(`/sign-in?next=${encodeURIComponent(START_URL)}`, 303);
    const mine = request.myAlliances ?? [];
    return reply.redirect(mine.length === 1 ? `/alliances/${mine[0]!.id}/field` : '/alliances', 303);
  });
}
