/** One-time invitation links. The token is shown once to the coordinator; only its hash is stored. */
import { createHash, randomBytes } from 'node:crypto';
import { recordAudit, type Actor } from '../audit/store.ts';
import type { Db } from '../db/database.ts';
import type { Invitation, Role, User } from '../db/schema.ts';
import { iso } from '../db/time.ts';
import { addMember } from './members-store.ts';

export const INVITATION_DAYS = 14;

export interface InvitationInAlliance extends Invitation {
  alliance_name: string;
  organisation_name: string | null;
}

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export async function createInvitation(
  db: Db,
  actor: Actor,
  allianceId: number,
  invite: { invitee: string; role: Role; organisationId: number | null },
  now = new Date(),
): Promise<{ token: string; invitation: Invitation }> {
  const token = randomBytes(32).toString('base64url');
  const expires = new Date(now.getTime() + INVITATION_DAYS * 24 * 3600 * 1000);
  return db.transaction().execute(async (trx) => {
    const invitation = await trx
      .insertInto('invitations')
      .values({
        alliance_id: allianceId,
        token_hash: hashToken(token),
        role: invite.role,
        organisation_id: invite.organisationId,
        invitee: invite.invitee,
        created_by: actor.id,
        created_at: iso(now),
        expires_at: iso(expires),
        used_at: null,
        used_by: null,
        revoked_at: null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(
      trx,
      {
        allianceId,
        actor,
        action: 'invitation.created',
        subjectType: 'invitation',
        subjectId: invitation.id,
        detail: { invitee: invite.invitee, role: invite.role },
      },
      now,
    );
    return { token, invitation };
  });
}

function invitationsWithNames(db: Db) {
  return db
    .selectFrom('invitations')
    .innerJoin('alliances', 'alliances.id', 'invitations.alliance_id')
    .leftJoin('organisations', 'organisations.id', 'invitations.organisation_id')
    .selectAll('invitations')
    .select(['alliances.name as alliance_name', 'organisations.name as organisation_name']);
}

/** Why a link that once was an invitation no longer works: used (and when), withdrawn or expired; undefined if unknown. */
export async function spentInvitation(
  db: Db,
  token: string,
  now = new Date(),
): Promise<{ why: 'used' | 'revoked' | 'expired'; on: string } | undefined> {
  const found = await db
    .selectFrom('invitations')
    .select(['used_at', 'revoked_at', 'expires_at'])
    .where('token_hash', '=', hashToken(token))
    .executeTakeFirst();
  if (!found) return undefined;
  if (found.used_at) return { why: 'used', on: found.used_at };
  if (found.revoked_at) return { why: 'revoked', on: found.revoked_at };
  if (found.expires_at <= iso(now)) return { why: 'expired', on: found.expires_at };
  return undefined;
}

/** Invitations not yet used, revoked or expired. */
export function listPendingInvitations(db: Db, allianceId: number, now = new Date()): Promise<InvitationInAlliance[]> {
  return invitationsWithNames(db)
    .where('invitations.alliance_id', '=', allianceId)
    .where('invitations.used_at', 'is', null)
    .where('invitations.revoked_at', 'is', null)
    .where('invitations.expires_at', '>', iso(now))
    .orderBy('invitations.id', 'desc')
    .execute();
}

/** Who an invitation of this alliance was for, in the coordinator's words, whatever became of it (the audit log). */
export async function invitationInvitee(db: Db, allianceId: number, id: number): Promise<string | undefined> {
  const row = await db
    .selectFrom('invitations')
    .select('invitee')
    .where('alliance_id', '=', allianceId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row?.invitee;
}

export function findUsableInvitation(
  db: Db,
  token: string,
  now = new Date(),
): Promise<InvitationInAlliance | undefined> {
  return invitationsWithNames(db)
    .where('invitations.token_hash', '=', hashToken(token))
    .where('invitations.used_at', 'is', null)
    .where('invitations.revoked_at', 'is', null)
    .where('invitations.expires_at', '>', iso(now))
    .executeTakeFirst();
}

export async function revokeInvitation(
  db: Db,
  actor: Actor,
  allianceId: number,
  invitationId: number,
  now = new Date(),
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const result = await trx
      .updateTable('invitations')
      .set({ revoked_at: iso(now) })
      .where('id', '=', invitationId)
      .where('alliance_id', '=', allianceId)
      .where('used_at', 'is', null)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) return false;
    await recordAudit(
      trx,
      { allianceId, actor, action: 'invitation.revoked', subjectType: 'invitation', subjectId: invitationId },
      now,
    );
    return true;
  });
}

/**
 * Uses the invitation for `user`, inside the caller's transaction: claims it (so a link works once even when two
 * people click it at the same moment), then adds the membership.
 */
export async function useInvitation(
  db: Db,
  invitation: Invitation,
  user: User,
  now = new Date(),
): Promise<'joined' | 'alreadyMember' | 'gone'> {
  // A member opening someone else's link must not spend it.
  const existing = await db
    .selectFrom('memberships')
    .select('id')
    .where('alliance_id', '=', invitation.alliance_id)
    .where('user_id', '=', user.id)
    .executeTakeFirst();
  if (existing) return 'alreadyMember';
  const claimed = await db
    .updateTable('invitations')
    .set({ used_at: iso(now), used_by: user.id })
    .where('id', '=', invitation.id)
    .where('used_at', 'is', null)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  if (Number(claimed.numUpdatedRows) !== 1) return 'gone';
  // One event, one line in the audit log: addMember's "joined the alliance as …"; used_at and used_by keep the rest.
  await addMember(
    db,
    { id: user.id, name: user.name },
    invitation.alliance_id,
    user.id,
    invitation.role,
    invitation.organisation_id,
    now,
  );
  return 'joined';
}
