/** Alliances, their organisations and memberships. Every query names the alliance, so none crosses its boundary. */
import { recordAudit, wasRemovedFrom, type Actor } from '../audit/store.ts';
import type { Db } from '../db/database.ts';
import type { Alliance, Membership, Organisation, Role, User } from '../db/schema.ts';
import { iso } from '../db/time.ts';

export interface MyAlliance {
  id: number;
  name: string;
  role: Role;
}

export interface MembershipInAlliance extends Membership {
  alliance_name: string;
}

export interface Member {
  membership_id: number;
  user_id: number;
  name: string;
  email: string;
  role: Role;
  organisation_id: number | null;
  organisation_name: string | null;
  joined_at: string;
}

export function listMyAlliances(db: Db, userId: number): Promise<MyAlliance[]> {
  return db
    .selectFrom('memberships')
    .innerJoin('alliances', 'alliances.id', 'memberships.alliance_id')
    .select(['alliances.id', 'alliances.name', 'memberships.role'])
    .where('memberships.user_id', '=', userId)
    .orderBy('alliances.name')
    .execute();
}

export function findMembership(db: Db, allianceId: number, userId: number): Promise<MembershipInAlliance | undefined> {
  return db
    .selectFrom('memberships')
    .innerJoin('alliances', 'alliances.id', 'memberships.alliance_id')
    .selectAll('memberships')
    .select('alliances.name as alliance_name')
    .where('memberships.alliance_id', '=', allianceId)
    .where('memberships.user_id', '=', userId)
    .executeTakeFirst();
}

/**
 * The alliance this person was removed from (and is not back in), by its name; undefined when they never were a
 * member, so to them it stays as unknown as an alliance that does not exist.
 */
export async function formerAlliance(
  db: Db,
  allianceId: number,
  userId: number,
): Promise<{ id: number; name: string } | undefined> {
  if (!(await wasRemovedFrom(db, allianceId, userId))) return undefined;
  return db.selectFrom('alliances').select(['id', 'name']).where('id', '=', allianceId).executeTakeFirst();
}

/** The role each of these users holds in the alliance; someone no longer a member has none. */
export async function rolesOf(db: Db, allianceId: number, userIds: number[]): Promise<Map<number, Role>> {
  if (userIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('memberships')
    .select(['user_id', 'role'])
    .where('alliance_id', '=', allianceId)
    .where('user_id', 'in', userIds)
    .execute();
  return new Map(rows.map((r) => [r.user_id, r.role]));
}

/** A new alliance with its first coordinator. Run inside the caller's transaction. */
export async function createAlliance(db: Db, name: string, coordinator: User, now = new Date()): Promise<Alliance> {
  const alliance = await db
    .insertInto('alliances')
    .values({ name, created_at: iso(now) })
    .returningAll()
    .executeTakeFirstOrThrow();
  await recordAudit(
    db,
    {
      allianceId: alliance.id,
      actor: coordinator,
      action: 'alliance.created',
      subjectType: 'alliance',
      subjectId: alliance.id,
      detail: { name },
    },
    now,
  );
  await addMember(
    db,
    { id: coordinator.id, name: coordinator.name },
    alliance.id,
    coordinator.id,
    'coordinator',
    null,
    now,
  );
  return alliance;
}

export async function addMember(
  db: Db,
  actor: Actor,
  allianceId: number,
  userId: number,
  role: Role,
  organisationId: number | null,
  now = new Date(),
): Promise<void> {
  const row = await db
    .insertInto('memberships')
    .values({ alliance_id: allianceId, user_id: userId, role, organisation_id: organisationId, created_at: iso(now) })
    .returning('id')
    .executeTakeFirstOrThrow();
  await recordAudit(
    db,
    {
      allianceId,
      actor,
      action: 'member.added',
      subjectType: 'membership',
      subjectId: row.id,
      detail: { userId, role, organisationId },
    },
    now,
  );
}

export function listMembers(db: Db, allianceId: number): Promise<Member[]> {
  return db
    .selectFrom('memberships')
    .innerJoin('users', 'users.id', 'memberships.user_id')
    .leftJoin('organisations', 'organisations.id', 'memberships.organisation_id')
    .select([
      'memberships.id as membership_id',
      'users.id as user_id',
      'users.name',
      'users.email',
      'memberships.role',
      'memberships.organisation_id',
      'organisations.name as organisation_name',
      'memberships.created_at as joined_at',
    ])
    .where('memberships.alliance_id', '=', allianceId)
    .orderBy('users.name')
    .execute();
}

export async function countMembers(db: Db, allianceId: number): Promise<Record<Role, number>> {
  const rows = await db
    .selectFrom('memberships')
    .select(['role', db.fn.countAll().as('n')])
    .where('alliance_id', '=', allianceId)
    .groupBy('role')
    .execute();
  const counts: Record<Role, number> = { coordinator: 0, interviewer: 0, facilitator: 0, reader: 0 };
  for (const r of rows) counts[r.role] = Number(r.n);
  return counts;
}

export type MemberChange = 'changed' | 'notFound' | 'lastCoordinator';

/** Changes a member's role; an alliance always keeps at least one coordinator. */
export function changeRole(
  db: Db,
  actor: Actor,
  allianceId: number,
  membershipId: number,
  role: Role,
): Promise<MemberChange> {
  return db.transaction().execute(async (trx) => {
    const member = await findMember(trx, allianceId, membershipId);
    if (!member) return 'notFound';
    if (member.role === role) return 'changed';
    if (member.role === 'coordinator' && (await coordinatorCount(trx, allianceId)) <= 1) return 'lastCoordinator';
    await trx
      .updateTable('memberships')
      .set({ role })
      .where('id', '=', membershipId)
      .where('alliance_id', '=', allianceId)
      .execute();
    await recordAudit(trx, {
      allianceId,
      actor,
      action: 'member.role_changed',
      subjectType: 'membership',
      subjectId: membershipId,
      detail: { from: member.role, to: role, userId: member.user_id },
    });
    return 'changed';
  });
}

export function removeMember(db: Db, actor: Actor, allianceId: number, membershipId: number): Promise<MemberChange> {
  return db.transaction().execute(async (trx) => {
    const member = await findMember(trx, allianceId, membershipId);
    if (!member) return 'notFound';
    if (member.role === 'coordinator' && (await coordinatorCount(trx, allianceId)) <= 1) return 'lastCoordinator';
    await trx.deleteFrom('memberships').where('id', '=', membershipId).where('alliance_id', '=', allianceId).execute();
    await recordAudit(trx, {
      allianceId,
      actor,
      action: 'member.removed',
      subjectType: 'membership',
      subjectId: membershipId,
      detail: { userId: member.user_id, role: member.role },
    });
    return 'changed';
  });
}

function findMember(db: Db, allianceId: number, membershipId: number): Promise<Membership | undefined> {
  return db
    .selectFrom('memberships')
    .selectAll()
    .where('id', '=', membershipId)
    .where('alliance_id', '=', allianceId)
    .executeTakeFirst();
}

async function coordinatorCount(db: Db, allianceId: number): Promise<number> {
  const row = await db
    .selectFrom('memberships')
    .select(db.fn.countAll().as('n'))
    .where('alliance_id', '=', allianceId)
    .where('role', '=', 'coordinator')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export function listOrganisations(db: Db, allianceId: number): Promise<Organisation[]> {
  return db.selectFrom('organisations').selectAll().where('alliance_id', '=', allianceId).orderBy('name').execute();
}

export function findOrganisation(
  db: Db,
  allianceId: number,
  organisationId: number,
): Promise<Organisation | undefined> {
  return db
    .selectFrom('organisations')
    .selectAll()
    .where('alliance_id', '=', allianceId)
    .where('id', '=', organisationId)
    .executeTakeFirst();
}

/** Adds an organisation; 'duplicate' when the alliance already has one of that name (any case). */
export function addOrganisation(
  db: Db,
  actor: Actor,
  allianceId: number,
  name: string,
  now = new Date(),
): Promise<Organisation | 'duplicate'> {
  return db.transaction().execute(async (trx) => {
    const same = await trx
      .selectFrom('organisations')
      .select('id')
      .where('alliance_id', '=', allianceId)
      .where((eb) => eb(eb.fn('lower', ['name']), '=', name.toLowerCase()))
      .executeTakeFirst();
    if (same) return 'duplicate' as const;
    const organisation = await insertOrganisation(trx, allianceId, name, now);
    await recordAudit(
      trx,
      {
        allianceId,
        actor,
        action: 'organisation.added',
        subjectType: 'organisation',
        subjectId: organisation.id,
        detail: { name },
      },
      now,
    );
    return organisation;
  });
}

/** Writes an organisation, inside the caller's transaction; addOrganisation checks the name and records it. */
export function insertOrganisation(db: Db, allianceId: number, name: string, now = new Date()): Promise<Organisation> {
  return db
    .insertInto('organisations')
    .values({ alliance_id: allianceId, name, created_at: iso(now) })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Which organisation a member of the alliance comes from. */
export async function setMemberOrganisation(
  db: Db,
  allianceId: number,
  userId: number,
  organisationId: number | null,
): Promise<void> {
  await db
    .updateTable('memberships')
    .set({ organisation_id: organisationId })
    .where('alliance_id', '=', allianceId)
    .where('user_id', '=', userId)
    .execute();
}
