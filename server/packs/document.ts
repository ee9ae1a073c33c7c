/**
 * The pack as Chromium prints it (its stylesheet inlined), and the read-aloud and exhibit screens, which show
 * nothing but the story or exhibit. Both are whole documents from server/web/document.ts, outside the site's layout.
 */
import type { FastifyReply } from 'fastify';
import { renderDocument, stylesheet } from '../web/document.ts';
import { DEFAULT_LANGUAGE } from '../web/i18n.ts';
import type { Pack } from './pack.ts';

/** The pack ready to print: views/packs/print.hbs inside views/packs/print-layout.hbs. */
export function packDocument(lang: string, pack: Pack): string {
  return renderDocument('packs/print-layout', 'packs/print', { lang, pack, css: stylesheet('print') });
}

/** Sends a read-aloud or exhibit screen: the page title is the translation packs.<template>.title. */
export function sendScreen(reply: FastifyReply, name: string, data: Record<string, unknown>): FastifyReply {
  const lang = reply.request.user?.language ?? DEFAULT_LANGUAGE;
  const html = renderDocument('packs/screen-layout', `packs/${name}`, {
    lang,
    titleKey: `packs.${name}.title`,
    ...data,
  });
  return reply.type('text/html; charset=utf-8').send(html);
}
