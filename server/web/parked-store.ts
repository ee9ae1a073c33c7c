/**
 * Forms posted after their session expired: kept in the database, keyed by a token in the new session, and handed
 * back to the same person in the same browser once they have signed in again, so nothing they typed is lost.
 * Only a browser holding that person's expired session can keep one (see auth.ts), and only a few, small ones.
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
/**
 * Kept at once (within KEEP_DAYS, until given back): a person rarely has more than a tab or two open when their
 * session ends; an address may be an office or event behind one router. A long story is tens of kilobytes.
 */
export const PARKED_LIMITS = { perPerson: 5, perAddress: 20, bytes: 256 * 1024 };

const hash = (token: string) => createHash('sha256').update(token).digest('hex');

export interface FormToPark {
  /** The page that shows the form again. */
  page: string;
  body: unknown;
  /** The person whose expired session posted it. */
  userId: number;
  address: string;
}

/** Keeps a posted form; returns the token for the session, or undefined when over a limit (nothing kept). */
export async function parkForm(db: Db, form: FormToPark, now = new Date()): Promise<string | undefined> {
  const values: FormValues = {};
  for (const [k, v] of Object.entries((form.body ?? {}) as Record<string, unknown>)) {
    if (k !== '_csrf' && k !== 'intent' && (typeof v === 'string' || Array.isArray(v)))
      values[k] = v as string | string[];
  }
  const body = JSON.stringify(values);
  if (Buffer.byteLength(body) > PARKED_LIMITS.bytes) return undefined;
  await db
    .deleteFrom('parked_forms')
    .where('created_at', '<', iso(new Date(now.getTime() - KEEP_DAYS * 86_400_000)))
    .execute();
  const kept = async (column: 'user_id' | 'address', value: string | number) =>
    Number(
      (
        await db
          .selectFrom('parked_forms')
          .select((eb) => eb.fn.countAll().as('n'))
          .where(column, '=', value)
          .executeTakeFirstOrThrow()
      ).n,
    );
  if (
    (await kept('user_id', form.userId)) >= PARKED_LIMITS.perPerson ||
    (await kept('address', form.address)) >= PARKED_LIMITS.perAddress
  )
    return undefined;
  const token = randomBytes(24).toString('base64url');
  await db
    .insertInto('parked_forms')
    .values({
      token_hash: hash(token),
      path: form.page,
      body,
      created_at: iso(now),
      user_id: form.userId,
      address: form.address,
    })
    .execute();
  return token;
}

/** The form kept for this page in this browser for the person now signed in, if any (given back once). */
export async function takeParkedForm(db: Db, request: FastifyRequest, page: string): Promise<FormValues | undefined> {
  const token = request.session.get('parked');
  if (!token || !request.user) return undefined;
  // Someone else signing in in this browser gets nothing; the form stays for its owner until it ages out.
  const row = await db
    .selectFrom('parked_forms')
    .selectAll()
    .where('token_hash', '=', hash(token))
    .where('path', '=', page)
    .where('user_id', '=', request.user.id)
    .executeTakeFirst();
  if (!row) return undefined;
  await db.deleteFrom('parked_forms').where('id', '=', row.id).execute();
  request.session.set('parked', undefined);
  return JSON.parse(row.body) as FormValues;
}
