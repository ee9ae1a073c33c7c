/**
 * Password reset links: a coordinator makes a one-time link for a member of their alliance (no mail server
 * needed). The token is shown once; only its sha256 hash is stored. It expires after a day.
 */
import { createHash, randomBytes } from 'node:crypto';
import { recordAudit, type Actor } from '../audit/store.ts';
import type { Db } from '../db/database.ts';
import type { Selectable } from 'kysely';
import type { PasswordResetsTable } from '../db/schema.ts';
import { iso } from '../db/time.ts';
import { rolesFor } from './permissions.ts';

export const RESET_HOURS = 24;

export type PasswordReset = Selectable<PasswordResetsTable>;

/** The member a coordinator is making a link for, found within their alliance. */
export interface ResetMember {
  membership_id: number;
  user_id: number;
  name: string;
  email: string;
}

export interface ResetWithPerson extends PasswordReset {
  name: string;
  email: string;
}

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function findResetMember(db: Db, allianceId: number, membershipId: number): Promise<ResetMember | undefined> {
  return db
    .selectFrom('memberships')
    .innerJoin('users', 'users.id', 'memberships.user_id')
    .select(['memberships.id as membership_id', 'users.id as user_id', 'users.name', 'users.email'])
    .where('memberships.alliance_id', '=', allianceId)
    .where('memberships.id', '=', membershipId)
    .executeTakeFirst();
}

/** Makes a new link for the member; any earlier unused one for them in this alliance stops working. */
/**
 * Accounts are shared between alliances, so a reset link takes over the account everywhere: a coordinator may make
 * one only for someone all of whose alliances they coordinate.
 */
export async function mayResetPassword(db: Db, actorId: number, userId: number): Promise<boolean> {
  return !(await inOtherAlliances(db, actorId, [userId])).has(userId);
}

/** Of these people, those also in an alliance this coordinator does not coordinate (mayResetPassword says no). */
export async function inOtherAlliances(db: Db, actorId: number, userIds: number[]): Promise<Set<number>> {
  if (userIds.length === 0) return new Set();
  const outside = await db
    .selectFrom('memberships as theirs')
    .leftJoin('memberships as mine', (join) =>
      join
        .onRef('mine.alliance_id', '=', 'theirs.alliance_id')
        .on('mine.user_id', '=', actorId)
        .on('mine.role', 'in', rolesFor('manageMembers')),
    )
    .select('theirs.user_id')
    .distinct()
    .where('theirs.user_id', 'in', userIds)
    .where('mine.id', 'is', null)
    .execute();
  return new Set(outside.map((r) => r.user_id));
}

export function createPasswordReset(
  db: Db,
  actor: Actor,
  allianceId: number,
  member: ResetMember,
  now = new Date(),
): Promise<{ token: string; reset: PasswordReset }> {
  const token = randomBytes(32).toString('base64url');
  const expires = new Date(now.getTime() + RESET_HOURS * 3600 * 1000);
  return db.transaction().execute(async (trx) => {
    await trx
      .updateTable('password_resets')
      .set({ revoked_at: iso(now) })
      .where('alliance_id', '=', allianceId)
      .where('user_id', '=', member.user_id)
      .where('used_at', 'is', null)
      .where('revoked_at', 'is', null)
      .execute();
    const reset = await trx
      .insertInto('password_resets')
      .values({
        alliance_id: allianceId,
        user_id: member.user_id,
        token_hash: hashToken(token),
        created_by: actor.id,
        created_at: iso(now),
        expires_at: iso(expires),
        used_at: null,
        revoked_at: null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(
      trx,
      {
        allianceId,
        actor,
        action: 'password.reset_link_created',
        subjectType: 'password_reset',
        subjectId: reset.id,
        detail: { userId: member.user_id, name: member.name },
      },
      now,
    );
    return { token, reset };
  });
}

/** The member's link that still works, if there is one. */
export function findPendingReset(
  db: Db,
  allianceId: number,
  userId: number,
  now = new Date(),
): Promise<PasswordReset | undefined> {
  return db
    .selectFrom('password_resets')
    .selectAll()
    .where('alliance_id', '=', allianceId)
    .where('user_id', '=', userId)
    .where('used_at', 'is', null)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', iso(now))
    .orderBy('id', 'desc')
    .executeTakeFirst();
}

export function revokePasswordReset(
  db: Db,
  actor: Actor,
  allianceId: number,
  member: ResetMember,
  resetId: number,
  now = new Date(),
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const result = await trx
      .updateTable('password_resets')
      .set({ revoked_at: iso(now) })
      .where('id', '=', resetId)
      .where('alliance_id', '=', allianceId)
      .where('user_id', '=', member.user_id)
      .where('used_at', 'is', null)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) return false;
    await recordAudit(
      trx,
      {
        allianceId,
        actor,
        action: 'password.reset_link_revoked',
        subjectType: 'password_reset',
        subjectId: resetId,
        detail: { userId: member.user_id, name: member.name },
      },
      now,
    );
    return true;
  });
}

/**
 * The link behind a token: 'usable', 'gone' (used, revoked, expired, or its person has left the alliance that
 * made it), or undefined when no link has that token.
 */
export async function findResetByToken(
  db: Db,
  token: string,
  now = new Date(),
): Promise<{ state: 'usable' | 'gone'; reset: ResetWithPerson } | undefined> {
  const reset = await db
    .selectFrom('password_resets')
    .innerJoin('users', 'users.id', 'password_resets.user_id')
    .leftJoin('memberships', (join) =>
      join
        .onRef('memberships.alliance_id', '=', 'password_resets.alliance_id')
        .onRef('memberships.user_id', '=', 'password_resets.user_id'),
    )
    .selectAll('password_resets')
    .select(['users.name', 'users.email', 'memberships.id as membership_id'])
    .where('password_resets.token_hash', '=', hashToken(token))
    .executeTakeFirst();
  if (!reset) return undefined;
  const { membership_id, ...rest } = reset;
  const usable =
    rest.used_at === null && rest.revoked_at === null && rest.expires_at > iso(now) && membership_id !== null;
  return { state: usable ? 'usable' : 'gone', reset: rest };
}

/**
 * Sets the new password: claims the link first (so it works once, even when sent twice at the same moment),
 * then clears any lockout and bumps the session version, which signs the person out everywhere.
 */
export function usePasswordReset(
  db: Db,
  reset: ResetWithPerson,
  passwordHash: string,
  now = new Date(),
): Promise<'changed' | 'gone'> {
  return db.transaction().execute(async (trx) => {
    const claimed = await trx
      .updateTable('password_resets')
      .set({ used_at: iso(now) })
      .where('id', '=', reset.id)
      .where('used_at', 'is', null)
      .where('revoked_at', 'is', null)
      .where('expires_at', '>', iso(now))
      .where((eb) =>
        eb.exists(
          eb
            .selectFrom('memberships')
            .select('memberships.id')
            .where('memberships.alliance_id', '=', reset.alliance_id)
            .where('memberships.user_id', '=', reset.user_id),
        ),
      )
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== 1) return 'gone';
    await trx
      .updateTable('users')
      .set((eb) => ({
        password_hash: passwordHash,
        failed_sign_ins: 0,
        locked_until: null,
        session_version: eb('session_version', '+', 1),
      }))
      .where('id', '=', reset.user_id)
      .execute();
    await recordAudit(
      trx,
      {
        allianceId: reset.alliance_id,
        actor: { id: reset.user_id, name: reset.name },
        action: 'password.reset',
        subjectType: 'password_reset',
        subjectId: reset.id,
        detail: { userId: reset.user_id },
      },
      now,
    );
    return 'changed';
  });
}
