/** Security headers (strict CSP with nonces; pages never cached), CSRF on every state-changing request, and rate limiting. */
import CSRF from '@fastify/csrf';
import helmet from '@fastify/helmet';
import type { Multipart, MultipartFile } from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../config.ts';
import { HttpError } from './errors.ts';
import { sentField } from './forms.ts';
import { HEALTH_URL } from './pressure.ts';
import { databaseRateLimitStore } from './rate-limit-store.ts';

declare module '@fastify/secure-session' {
  interface SessionData {
    /** This session's CSRF secret; forms carry tokens made from it. */
    csrfSecret: string;
  }
}

declare module 'fastify' {
  interface FastifyReply {
    /** A CSRF token for a form on the page being rendered. */
    csrfToken(): string;
  }
  interface FastifyRequest {
    /** Set on POSTs: did the form carry a valid CSRF token? */
    csrfValid?: boolean;
  }
  interface FastifyContextConfig {
    /**
     * The route re-renders its own form when the CSRF token is missing or stale, keeping what the person typed,
     * instead of answering 403.
     */
    keepsFormOnCsrfFailure?: boolean;
    /**
     * A file upload read as a stream (a recording): its body is not parsed before the route runs, so the route
     * checks the form's token itself, from the first field, with csrfTokenValid.
     */
    checksCsrfInStream?: boolean;
    /**
     * A form whose rate limit was reached comes back as this page, with what the person typed and a message at the
     * top, instead of the plain "too many tries" page (its rate limit runs after the body is read: hook preHandler).
     */
    // A method, so a route may give one typed for its own params (the route's schema has checked them by then).
    tooManyPage?(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply>;
  }
}

/** A form without a valid token: answered 403 with a page saying what to do. */
export class CsrfError extends Error {
  statusCode = 403;
  code = 'HEARTH_CSRF';
  constructor() {
    super('The form was missing its security token or it had expired');
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

// Synchronizer tokens tied to the session (@fastify/csrf, the library under @fastify/csrf-protection, used
// directly so a form can be shown again with what was typed when its token has gone stale).
const tokens = CSRF();

/** Whether a token sent with a form was made for this session. */
export function csrfTokenValid(request: FastifyRequest, token: unknown): boolean {
  const secret = request.session.get('csrfSecret');
  return Boolean(secret) && typeof token === 'string' && tokens.verify(secret!, token);
}

/**
 * The file of an upload read as a stream, after the form's token. The form puts its token before the file field, so
 * nothing of a forged post is read: it is refused (403) and the connection closed. Undefined when no file was chosen;
 * otherwise the file and the parts after it, which the route drains once the file is read.
 */
export async function fileAfterToken(
  request: FastifyRequest,
  reply: FastifyReply,
  fieldname?: string,
): Promise<{ part: MultipartFile; rest: AsyncIterable<Multipart> } | undefined> {
  const parts = request.parts();
  const token = (await parts.next()).value;
  if (!token || token.type !== 'field' || token.fieldname !== '_csrf' || !csrfTokenValid(request, token.value)) {
    reply.header('connection', 'close');
    throw new CsrfError();
  }
  const part = (await parts.next()).value;
  if (part?.type === 'file' && part.filename !== '' && (fieldname === undefined || part.fieldname === fieldname))
    return { part, rest: parts };
  if (part?.type === 'file') part.file.resume();
  return undefined;
}

const isMultipart = (request: FastifyRequest) =>
  String(request.headers['content-type'] ?? '')
    .toLowerCase()
    .startsWith('multipart/form-data');

export async function registerSecurity(app: FastifyInstance, config: Config): Promise<void> {
  await app.register(helmet, {
    enableCSPNonces: true,
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        // A recording made in the browser is played back from a blob: address before it is sent.
        mediaSrc: ["'self'", 'blob:'],
        fontSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        // Hearth often runs on plain http on a laptop at an event: don't send browsers to https that isn't there.
        upgradeInsecureRequests: null,
      },
    },
    referrerPolicy: { policy: 'same-origin' },
    hsts: config.secureCookies ? { maxAge: 31536000 } : false,
    crossOriginEmbedderPolicy: false,
  });

  app.decorateReply('csrfToken', function (this: FastifyReply) {
    let secret = this.request.session.get('csrfSecret');
    if (!secret) this.request.session.set('csrfSecret', (secret = tokens.secretSync()));
    return tokens.create(secret);
  });

  app.addHook('preHandler', async (request) => {
    if (SAFE_METHODS.has(request.method)) return;
    if (request.routeOptions.config.checksCsrfInStream && isMultipart(request)) return;
    request.csrfValid = csrfTokenValid(request, sentField(request, '_csrf'));
    if (!request.csrfValid && !request.routeOptions.config.keepsFormOnCsrfFailure) throw new CsrfError();
  });

  // Pages and downloads carry story words and personal data: no browser (a shared computer's back button) or proxy
  // may keep a copy. Only the static assets (no personal data; @fastify/static sets their max-age) and /health are
  // cacheable. Decided by the route that answered, not the raw address, so /static/../ cannot opt a page out.
  app.addHook('onSend', async (request, reply) => {
    const route = request.routeOptions.url ?? '';
    if (route.startsWith('/static/') || route === HEALTH_URL) return;
    reply.header('cache-control', 'no-store');
  });

  // No address of Hearth's has a NUL character in it, and PostgreSQL refuses one in a query (a 500): answer 400.
  app.addHook('onRequest', async (request) => {
    if (request.url.includes('%00')) throw new HttpError(400, 'errors.badRequest');
  });

  // Per-route limits only (sign-in, public links), counted in the database so every app server shares the counts.
  // skipOnError: when the database does not answer, the try is let through (the store logs a warning) rather than
  // every visitor being refused.
  await app.register(rateLimit, { global: false, store: databaseRateLimitStore(app.db, app.log), skipOnError: true });
}
