/** Checking a sign-in: the password, and locking an account after repeated failures. */
import type { Db } from '../db/database.ts';
import type { User } from '../db/schema.ts';
import { decoyHash, verifyPassword } from './passwords.ts';
import { findUserByEmail, recordFailedSignIn, recordGoodSignIn } from './users-store.ts';

export const LOCK_AFTER_FAILURES = 5;
export const LOCK_MINUTES = 15;

export type SignInResult =
  { ok: true; user: User } | { ok: false; reason: 'wrong' } | { ok: false; reason: 'locked'; until: string };

export async function checkSignIn(db: Db, email: string, password: string, now = new Date()): Promise<SignInResult> {
  const user = await findUserByEmail(db, email);
  if (!user) {
    await verifyPassword(password, await decoyHash); // same time taken as for a real account
    return { ok: false, reason: 'wrong' };
  }
  if (user.locked_until && user.locked_until > now.toISOString())
    return { ok: false, reason: 'locked', until: user.locked_until };
  if (!(await verifyPassword(password, user.password_hash))) {
    const lockUntil = new Date(now.getTime() + LOCK_MINUTES * 60_000);
    const failures = await recordFailedSignIn(db, user.id, LOCK_AFTER_FAILURES, lockUntil);
    if (failures >= LOCK_AFTER_FAILURES) return { ok: false, reason: 'locked', until: lockUntil.toISOString() };
    return { ok: false, reason: 'wrong' };
  }
  await recordGoodSignIn(db, user.id);
  return { ok: true, user };
}
