/**
 * Under pressure: when the event loop lags (or the heap grows) past the configured limits, Hearth answers new
 * requests 503 with Retry-After and a short plain message instead of queueing them until everything times out,
 * and recovers by itself once the load passes. /health (for a proxy or load balancer) is always answered.
 * The same 503 with Retry-After answers a request the database could not take (see errors.ts).
 */
import underPressure from '@fastify/under-pressure';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Config } from '../config.ts';
import { translator } from './i18n.ts';
import { languageOf } from './language.ts';

/** Seconds a browser or proxy is asked to wait before trying again. */
export const RETRY_AFTER_SECONDS = 10;
export const HEALTH_URL = '/health';

/** "Not now, try again shortly": 503 and how long to wait, for a browser, a proxy or the field app. */
export function tryAgainLater(reply: FastifyReply): FastifyReply {
  return reply.code(503).header('retry-after', String(RETRY_AFTER_SECONDS));
}

export async function registerPressure(app: FastifyInstance, config: Config): Promise<void> {
  await app.register(underPressure, {
    maxEventLoopDelay: config.maxEventLoopDelayMs,
    maxHeapUsedBytes: config.maxHeapMb * 1024 * 1024,
    retryAfter: RETRY_AFTER_SECONDS,
    exposeStatusRoute: { url: HEALTH_URL, routeOpts: { logLevel: 'warn' } },
    pressureHandler(request, reply, type) {
      if (request.url === HEALTH_URL) return; // the proxy's check: answered however busy Hearth is
      request.log.warn({ type }, 'under pressure: answered 503');
      // Plain text: rendering a full page is the kind of work an overloaded server should not take on. Once the
      // reply is sent, Fastify goes no further with this request.
      void tryAgainLater(reply)
        .type('text/plain; charset=utf-8')
        .send(translator(languageOf(request))('pressure.busy'));
    },
  });
}
