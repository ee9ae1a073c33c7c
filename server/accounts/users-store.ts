/** People with accounts: lookup, creation, and the counters behind sign-in lockout. */
import { expressionBuilder, type Expression } from 'kysely';
import type { Db } from '../db/database.ts';
import type { Database, User } from '../db/schema.ts';
import { iso } from '../db/time.ts';

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

export async function countUsers(db: Db): Promise<number> {
  const row = await db.selectFrom('users').select(db.fn.countAll().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

export function findUserById(db: Db, id: number): Promise<User | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findUserByEmail(db: Db, email: string): Promise<User | undefined> {
  return db.selectFrom('users').selectAll().where('email', '=', normaliseEmail(email)).executeTakeFirst();
}

export async function insertUser(
  db: Db,
  user: { email: string; name: string; passwordHash: string; language?: string },
  now = new Date(),
): Promise<User> {
  return db
    .insertInto('users')
    .values({
      email: normaliseEmail(user.email),
      name: user.name,
      password_hash: user.passwordHash,
      locked_until: null,
      created_at: iso(now),
      ...(user.language ? { language: user.language } : {}),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Counts a failed sign-in; locks the account once the count reaches `lockAfter`. Returns the new count. */
export async function recordFailedSignIn(db: Db, userId: number, lockAfter: number, lockUntil: Date): Promise<number> {
  const row = await db
    .updateTable('users')
    .set((eb) => ({ failed_sign_ins: eb('failed_sign_ins', '+', 1) }))
    .where('id', '=', userId)
    .returning('failed_sign_ins')
    .executeTakeFirstOrThrow();
  const failures = Number(row.failed_sign_ins);
  if (failures >= lockAfter) {
    await db
      .updateTable('users')
      .set({ locked_until: iso(lockUntil), failed_sign_ins: 0 })
      .where('id', '=', userId)
      .execute();
  }
  return failures;
}

export async function recordGoodSignIn(db: Db, userId: number): Promise<void> {
  await db.updateTable('users').set({ failed_sign_ins: 0, locked_until: null }).where('id', '=', userId).execute();
}

/** Ends every session of this person, on every app server. */
export async function endAllSessions(db: Db, userId: number): Promise<void> {
  await db
    .updateTable('users')
    .set((eb) => ({ session_version: eb('session_version', '+', 1) }))
    .where('id', '=', userId)
    .execute();
}

/** People's names by id, for showing who did what. */
export async function namesOf(db: Db, ids: (number | null)[]): Promise<Map<number, string>> {
  const wanted = [...new Set(ids.filter((id): id is number => id !== null))];
  if (wanted.length === 0) return new Map();
  const rows = await db.selectFrom('users').select(['id', 'name']).where('id', 'in', wanted).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

/**
 * A person's name, looked up by primary key, as a subquery on the id given (null when there is none): for lists
 * that show who did what and must stay one query (paged, sorted). `userName(eb.ref('stories.partner_id')).as(…)`.
 */
export function userName(id: Expression<number | null>) {
  return expressionBuilder<Database>().selectFrom('users').select('users.name').where('users.id', '=', id);
}

/** People by id, ordered by name (then id), for choosing one of them. */
export function peopleByName(db: Db, ids: number[]): Promise<{ id: number; name: string }[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return db.selectFrom('users').select(['id', 'name']).where('id', 'in', ids).orderBy('name').orderBy('id').execute();
}

/** The interface language a person chose for themselves. */
export async function setUserLanguage(db: Db, userId: number, language: string): Promise<void> {
  await db.updateTable('users').set({ language }).where('id', '=', userId).execute();
}
