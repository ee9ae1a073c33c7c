/**
 * Stateless signed-and-encrypted cookie sessions (@fastify/secure-session), so any app server that shares
 * SESSION_KEY can read them. A session holds who is signed in and a one-shot flash message. A session lasts
 * SESSION_HOURS; for a week after that its cookie still proves who it was (request.expiredSession), which is what
 * lets a form posted just too late be kept for that person only (see parked-store.ts).
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import secureSession from '@fastify/secure-session';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Config } from '../config.ts';

declare module '@fastify/secure-session' {
  interface SessionData {
    userId: number;
    /** Must match users.session_version, so "sign out everywhere" works across servers. */
    sv: number;
    /** A translation key shown once on the next page. */
    flash: string;
  }
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set when this browser's session cookie is authentic but has expired: who it was for, nothing more. */
    expiredSession?: { userId: number; sv: number | undefined; csrfSecret: string | undefined };
  }
}

export const SESSION_COOKIE = 'hearth_session';

/** How long past its expiry a session cookie is still recognised (never used to sign anyone in). */
export const EXPIRED_SESSION_GRACE_SECONDS = 7 * 86_400;

/** SESSION_KEY (64 hex characters or base64 of 32 bytes), or a key kept in DATA_DIR/session.key. */
export function sessionKey(config: Pick<Config, 'sessionKey' | 'dataDir'>): Buffer {
  if (config.sessionKey) {
    const key = /^[0-9a-f]{64}$/i.test(config.sessionKey)
      ? Buffer.from(config.sessionKey, 'hex')
      : Buffer.from(config.sessionKey, 'base64');
    if (key.length !== 32) throw new Error('SESSION_KEY must be 32 bytes: 64 hex characters or base64');
    return key;
  }
  const file = join(config.dataDir, 'session.key');
  if (existsSync(file)) return readFileSync(file);
  mkdirSync(config.dataDir, { recursive: true });
  const key = randomBytes(32);
  writeFileSync(file, key, { mode: 0o600 });
  return key;
}

export async function registerSessions(app: FastifyInstance, config: Config): Promise<void> {
  await app.register(secureSession, {
    key: sessionKey(config),
    cookieName: SESSION_COOKIE,
    // The plugin keeps cookies for the grace period too; the hook below ends the session itself at SESSION_HOURS.
    expiry: config.sessionHours * 3600 + EXPIRED_SESSION_GRACE_SECONDS,
    // A lasting cookie, so closing the browser (a phone in the field) does not sign anyone out; it lives as long as
    // the plugin accepts it, and the hook below still ends the session itself at SESSION_HOURS.
    cookie: {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: config.secureCookies,
      maxAge: config.sessionHours * 3600 + EXPIRED_SESSION_GRACE_SECONDS,
    },
  });
  // Runs after the plugin's own onRequest hook (registered with it), before any route's.
  app.addHook('onRequest', async (request) => {
    const issued = Number(request.session.get('__ts')); // seconds; the plugin sets it whenever the session changes
    if (!(issued + config.sessionHours * 3600 <= Date.now() / 1000)) return;
    const userId = request.session.get('userId');
    if (typeof userId === 'number')
      request.expiredSession = { userId, sv: request.session.get('sv'), csrfSecret: request.session.get('csrfSecret') };
    // An empty, unchanged session, as the plugin gives for no cookie: nothing of the old one is used or rewritten.
    request.session = app.createSecureSession({});
  });
}

/** Reads and clears the flash message. */
export function takeFlash(request: FastifyRequest): string | undefined {
  const flash = request.session.get('flash');
  if (flash) request.session.set('flash', undefined);
  return flash;
}
