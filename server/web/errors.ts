/** Error and not-found pages that say what to do next and leak nothing (no stack traces, no versions). */
import type { FastifyError, FastifyInstance } from 'fastify';
import { databaseAway } from '../db/database.ts';
import { translator } from './i18n.ts';
import { languageOf } from './language.ts';
import { tryAgainLater } from './pressure.ts';

/** An error with the status to answer and the message key to show. */
export class HttpError extends Error {
  constructor(
    public statusCode: number,
    public messageKey: string,
  ) {
    super(messageKey);
  }
}

export const notFound = () => new HttpError(404, 'errors.notFound');
export const forbidden = () => new HttpError(403, 'errors.forbidden');

const BY_CODE: Record<string, string> = {
  HEARTH_CSRF: 'errors.csrf',
  FST_ERR_CTP_BODY_TOO_LARGE: 'errors.tooLarge',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'errors.unsupportedType',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'errors.badRequest',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'errors.badRequest',
};

const BY_STATUS: Record<number, string> = {
  400: 'errors.badRequest',
  403: 'errors.forbidden',
  404: 'errors.notFound',
  405: 'errors.notFound',
  413: 'errors.tooLarge',
  415: 'errors.unsupportedType',
  429: 'errors.tooMany',
};

export function registerErrorPages(app: FastifyInstance): void {
  app.setErrorHandler(async (error: FastifyError | HttpError, request, reply) => {
    // The database restarting or out of reach: a 503 to try again shortly, never a 500. A write in that request was
    // in one transaction, so nothing of it is kept, and it was not acknowledged.
    const away = databaseAway(error);
    const raw = away ? 503 : (error.statusCode ?? 500);
    const status = raw >= 400 && raw < 600 ? raw : 500;
    if (away) request.log.warn({ err: error.message }, 'database unavailable: answered 503');
    else if (status >= 500) request.log.error({ err: error }, 'request failed');
    const messageKey =
      (away && 'errors.databaseAway') ||
      (error instanceof HttpError && error.messageKey) ||
      BY_CODE[(error as FastifyError).code] ||
      BY_STATUS[status] ||
      'errors.server';
    if (away) tryAgainLater(reply);
    else reply.code(status);
    const config = request.routeOptions.config;
    if (status === 429 && config?.tooManyPage && request.body) return config.tooManyPage(request, reply);
    if (request.routeOptions.config?.answersJson)
      return reply.send({ status: 'error', error: messageKey, message: translator(languageOf(request))(messageKey) });
    try {
      return await reply.page('errors/error', { status, messageKey, titleKey: `${messageKey}Title` });
    } catch (renderError) {
      request.log.error({ err: renderError }, 'error page failed');
      return reply
        .type('text/plain; charset=utf-8')
        .send(status >= 500 ? 'Something went wrong.' : 'That did not work.');
    }
  });

  app.setNotFoundHandler(async (_request, reply) => {
    reply.code(404);
    return reply.page('errors/error', { status: 404, messageKey: 'errors.notFound', titleKey: 'errors.notFoundTitle' });
  });
}
