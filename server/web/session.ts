/**
 * Stateless signed-and-encrypted cookie sessions (@fastify/secure-session), so any app server that shares
 * SESSION_KEY can read them. A session holds who is signed in and a one-shot flash message.
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

/** SESSION_KEY (64 hex characters or base64 of 32 bytes), or a key kept in DATA_DIR/session.key. */
export function sessionKey(config: Pick<Config, 'sessionKey' | 'dataDir'>): Buffer {
  if (config.sessionKey) {
    const key = /^[0-9a-f]{64}$/i.test(config.sessionKey) ? Buffer.from(config.sessionKey, 'hex') : Buffer.from(config.sessionKey, 'base64');
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
    cookieName: 'hearth_session',
    expiry: config.sessionHours * 3600,
    cookie: { path: '/', httpOnly: true, sameSite: 'lax', secure: config.secureCookies },
  });
}

/** Reads and clears the flash message. */
export function takeFlash(request: FastifyRequest): string | undefined {
  const flash = request.session.get('flash');
  if (flash) request.session.set('flash', undefined);
  return flash;
}
