/**
 * Forms posted after their session expired: kept in the database, keyed by a token in the new session, and handed
 * back to the same browser once the person has signed in again, so nothing they typed is lost.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { Db } from '../db/database.ts';
import { iso } from '../db/time.ts';
import type { FormValues } from './forms.ts';

declare module '@fastify/secure-session' {
  interface SessionData {
    /** The token of a form kept while this browser was signed out. */
    parked: string;
  }
}

const KEEP_DAYS = 7;
const hash = (token: string) => createHash('sha256').update(token).digest('hex');

/** Keeps a posted form for the page that shows it again; returns the token for the session. */
export async function parkForm(db: Db, page: string, body: unknown, now = new Date()): Promise<string> {
  const token = randomBytes(24).toString('base64url');
  const values: FormValues = {};
  for (const [k, v] of Object.entries((body ?? {}) as Record<string, unknown>)) {
    if (k !== '_csrf' && k !== 'intent' && (typeof v === 'string' || Array.isArray(v))) values[k] = v as string | string[];
  }
  await db.deleteFrom('parked_forms').where('created_at', '<', iso(new Date(now.getTime() - KEEP_DAYS * 86_400_000))).execute();
  await db.insertInto('parked_forms').values({ token_hash: hash(token), path: page, body: JSON.stringify(values), created_at: iso(now) }).execute();
  return token;
}

/** The form kept for this page in this browser, if any (given back once). */
export async function takeParkedForm(db: Db, request: FastifyRequest, page: string): Promise<FormValues | undefined> {
  const token = request.session.get('parked');
  if (!token) return undefined;
  const row = await db.selectFrom('parked_forms').selectAll().where('token_hash', '=', hash(token)).where('path', '=', page).executeTakeFirst();
  if (!row) return undefined;
  await db.deleteFrom('parked_forms').where('id', '=', row.id).execute();
  request.session.set('parked', undefined);
  return JSON.parse(row.body) as FormValues;
}
