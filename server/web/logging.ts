/** Log settings: never cookies, passwords, tokens or story text (bodies are not logged at all). */
import type { FastifyServerOptions } from 'fastify';

/** Long random path segments are tokens (invitation, share and guest links), and ?code= is a round's join code: mask them. */
export function maskTokens(url: string): string {
  return url.replace(/[A-Za-z0-9_-]{32,}/g, '[token]').replace(/([?&]code=)[^&#]*/gi, '$1[code]');
}

export function loggerOptions(level: string): FastifyServerOptions['logger'] {
  return {
    level,
    redact: {
      paths: ['req.headers.cookie', 'req.headers.authorization', 'res.headers["set-cookie"]', '*.password', '*.token'],
      censor: '[redacted]',
    },
    serializers: {
      req: (req: { method: string; url: string; ip?: string }) => ({
        method: req.method,
        url: maskTokens(req.url),
        ip: req.ip,
      }),
    },
  };
}
