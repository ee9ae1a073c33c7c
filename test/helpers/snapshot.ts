/** Everything the account pages can change, to check that a refused request wrote nothing. */
import type { Db } from '../../server/db/database.ts';

export async function snapshot(db: Db) {
  return {
    users: await db.selectFrom('users').select(['id', 'email', 'name']).orderBy('id').execute(),
    alliances: await db.selectFrom('alliances').selectAll().orderBy('id').execute(),
    organisations: await db.selectFrom('organisations').selectAll().orderBy('id').execute(),
    memberships: await db.selectFrom('memberships').selectAll().orderBy('id').execute(),
    invitations: await db.selectFrom('invitations').selectAll().orderBy('id').execute(),
    auditEvents: await db.selectFrom('audit_events').select(['id', 'action']).orderBy('id').execute(),
  };
}

/** The id of this person's membership in this alliance. */
export async function membershipId(db: Db, allianceId: number, userId: number): Promise<number> {
  const row = await db
    .selectFrom('memberships')
    .select('id')
    .where('alliance_id', '=', allianceId)
    .where('user_id', '=', userId)
    .executeTakeFirstOrThrow();
  return row.id;
}
