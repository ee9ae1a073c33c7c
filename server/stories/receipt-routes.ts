/**
 * /receipt/<token>/download(.json): a storyteller downloads their own story through their private receipt link.
 * Rate-limited as the receipt page is. A withdrawn story has no words left to give: 410, saying so (and so do its
 * other receipt pages, withdrawnReceipt).
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { HttpError, notFound } from '../web/errors.ts';
import { languageNamer } from '../web/language-names.ts';
import { DEFAULT_LANGUAGE, LANGUAGES, translator } from '../web/i18n.ts';
import { linkTo } from '../web/public-link.ts';
import { TokenParams } from '../web/schemas.ts';
import { dayIn } from '../web/helpers/date.ts';
import { downloadName, receiptDownload, receiptJson, receiptText } from './receipt-download.ts';
import type { Story } from '../db/schema.ts';
import { findStoryByReceipt, type FullStory } from './store.ts';

const RECEIPT_LIMIT = { max: 30, timeWindow: '1 minute' };

/**
 * A withdrawn story's pages to correct or withdraw it (reached by going Back after withdrawing, or by sending a form
 * again): they say, in the teller's language, that it has been withdrawn, as the receipt does, and show nothing of it.
 * 410: gone for good, and to the teller, not "not found".
 */
export function withdrawnReceipt(reply: FastifyReply, story: Pick<Story, 'language'>): Promise<FastifyReply> {
  return reply.code(410).page('stories/receipt', { linkLanguage: story.language, story: { status: 'withdrawn' } });
}

export async function receiptDownloadRoutes(app: FastifyInstance): Promise<void> {
  async function downloadable(token: string): Promise<FullStory> {
    const story = await findStoryByReceipt(app.db, token);
    if (!story) throw notFound();
    if (story.status === 'withdrawn') throw new HttpError(410, 'receiptDownload.withdrawn');
    return story;
  }

  /** An attachment, never cached: it is someone's own story. */
  const send = (reply: FastifyReply, name: string, type: string, body: string) =>
    reply
      .header('content-disposition', `attachment; filename="${name}"`)
      .header('cache-control', 'no-store')
      .type(type)
      .send(body);

  app.get<{ Params: TokenParams }>(
    '/receipt/:token/download',
    { schema: { params: TokenParams }, config: { rateLimit: RECEIPT_LIMIT } },
    async (request, reply) => {
      const story = await downloadable(request.params.token);
      // Written in the language the story was told in, when Hearth speaks it.
      const language = LANGUAGES.includes(story.language) ? story.language : DEFAULT_LANGUAGE;
      return send(
        reply,
        downloadName(story.code, 'txt'),
        'text/plain; charset=utf-8',
        receiptText(
          receiptDownload(story),
          translator(language),
          linkTo(app, `/receipt/${request.params.token}`),
          languageNamer(language),
          (value) => (value ? dayIn(language, value) : null),
        ),
      );
    },
  );

  app.get<{ Params: TokenParams }>(
    '/receipt/:token/download.json',
    { schema: { params: TokenParams }, config: { rateLimit: RECEIPT_LIMIT } },
    async (request, reply) => {
      const story = await downloadable(request.params.token);
      return send(
        reply,
        downloadName(story.code, 'json'),
        'application/json; charset=utf-8',
        receiptJson(receiptDownload(story)),
      );
    },
  );
}
