/** Who takes part in a round: guests who joined with the code, and members (linked by their account). */
import { randomInt } from 'node:crypto';
import { rolesOf } from '../accounts/members-store.ts';
import { recordAudit, type Actor } from '../audit/store.ts';
import { dialectOf, type Db } from '../db/database.ts';
import type { Round, RoundParticipant, User } from '../db/schema.ts';
import { iso } from '../db/time.ts';

/** The guest's own participant in this round, among those their browser holds. */
export function findGuestParticipant(
  db: Db,
  roundId: number,
  heldIds: readonly number[],
): Promise<RoundParticipant | undefined> {
  if (heldIds.length === 0) return Promise.resolve(undefined);
  return db
    .selectFrom('round_participants')
    .selectAll()
    .where('round_id', '=', roundId)
    .where('id', 'in', [...heldIds])
    .where('user_id', 'is', null)
    .orderBy('id')
    .executeTakeFirst();
}

export function findMemberParticipant(db: Db, roundId: number, userId: number): Promise<RoundParticipant | undefined> {
  return db
    .selectFrom('round_participants')
    .selectAll()
    .where('round_id', '=', roundId)
    .where('user_id', '=', userId)
    .orderBy('id')
    .executeTakeFirst();
}

/** How a participant appears in the audit log: guests have no account. */
export function participantActor(participant: Pick<RoundParticipant, 'user_id' | 'display_name'>): Actor {
  return participant.user_id === null
    ? { id: 0, name: `${participant.display_name} (guest)` }
    : { id: participant.user_id, name: participant.display_name };
}

/** Inserts a participant; `by` is the facilitator who put a member on the panel, when it was not their own doing. */
async function insertParticipant(
  db: Db,
  round: Round,
  userId: number | null,
  name: string,
  now: Date,
  by?: Actor,
): Promise<RoundParticipant> {
  const participant = await db
    .insertInto('round_participants')
    .values({
      round_id: round.id,
      user_id: userId,
      display_name: name,
      order_seed: randomInt(2 ** 31),
      joined_at: iso(now),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await recordAudit(
    db,
    {
      allianceId: round.alliance_id,
      actor: by ?? participantActor(participant),
      action: by ? 'round.participant_added' : 'round.participant_joined',
      subjectType: 'round',
      subjectId: round.id,
      detail: { participant: participant.id, guest: userId === null },
    },
    now,
  );
  return participant;
}

/** A guest joins with the code and a display name: a new participant each time (their browser remembers it). */
export function joinAsGuest(db: Db, round: Round, name: string, now = new Date()): Promise<RoundParticipant> {
  return db.transaction().execute((trx) => insertParticipant(trx, round, null, name, now));
}

/**
 * A member joins (by code, or with the take-part page's "Join this round" button): one participant per member per
 * round, reused when they come back. The round's row is locked first so two tabs opening at once make one participant, not two.
 */
export function joinAsMember(
  db: Db,
  round: Round,
  user: Pick<User, 'id' | 'name'>,
  now = new Date(),
  by?: Actor,
): Promise<RoundParticipant> {
  return db.transaction().execute(async (trx) => {
    if (dialectOf(trx) === 'postgres')
      await trx.selectFrom('rounds').select('id').where('id', '=', round.id).forUpdate().execute();
    const existing = await findMemberParticipant(trx, round.id, user.id);
    return existing ?? insertParticipant(trx, round, user.id, user.name, now, by);
  });
}

/**
 * A facilitator puts a member on the panel: the only way a reader (often a funder) takes part in a round. Once
 * on it, they read, comment and vote like anyone on the panel, but only on stories shared with funders.
 */
export function addToPanel(
  db: Db,
  actor: Actor,
  round: Round,
  member: Pick<User, 'id' | 'name'>,
  now = new Date(),
): Promise<RoundParticipant> {
  return joinAsMember(db, round, member, now, actor);
}

/** Everyone who joined the round, in the order they joined, members since removed from the alliance too. */
export function listParticipants(db: Db, roundId: number) {
  return db
    .selectFrom('round_participants')
    .select(['id', 'user_id', 'display_name', 'joined_at'])
    .where('round_id', '=', roundId)
    .orderBy('joined_at')
    .orderBy('id')
    .execute();
}

/** Who sits on the round's panel, in the order they joined: its guests, and members still in the alliance. */
export async function panelParticipants(db: Db, round: Pick<Round, 'id' | 'alliance_id'>) {
  return stillSitting(db, round.alliance_id, await listParticipants(db, round.id));
}

/** Who sits on each of these rounds' panels (a member's user id; null for a guest), as panelParticipants has them. */
export async function panelSitters(db: Db, allianceId: number, roundIds: readonly number[]) {
  if (roundIds.length === 0) return [];
  const rows = await db
    .selectFrom('round_participants')
    .select(['round_id', 'user_id'])
    .where('round_id', 'in', [...roundIds])
    .execute();
  return stillSitting(db, allianceId, rows);
}

/** How many sit on each of these rounds' panels. */
export async function panelSizes(
  db: Db,
  allianceId: number,
  roundIds: readonly number[],
): Promise<Map<number, number>> {
  const sizes = new Map<number, number>();
  for (const r of await panelSitters(db, allianceId, roundIds))
    sizes.set(Number(r.round_id), (sizes.get(Number(r.round_id)) ?? 0) + 1);
  return sizes;
}

/**
 * Leaves out members since removed from the alliance: they no longer count as sitting on its panels, wherever
 * panels are listed or counted (their ballots and comments stay, as a withdrawn teller's votes would).
 */
async function stillSitting<T extends { user_id: number | null }>(db: Db, allianceId: number, rows: T[]): Promise<T[]> {
  const members = await rolesOf(db, allianceId, [
    ...new Set(rows.flatMap((r) => (r.user_id === null ? [] : [r.user_id]))),
  ]);
  return rows.filter((r) => r.user_id === null || members.has(r.user_id));
}

/** The round a code names, whatever its stage (to tell a closed round's code from an unknown one). */
export function findRoundByCode(db: Db, code: string): Promise<Round | undefined> {
  const wanted = code.replace(/[\s-]/g, '').toUpperCase();
  return db.selectFrom('rounds').selectAll().where('join_code', '=', wanted).executeTakeFirst();
}

/** Which of these rounds this person sits on as a member (a reader's way back to the panels they were added to). */
export async function roundsSatOn(db: Db, userId: number, roundIds: readonly number[]): Promise<Set<number>> {
  if (roundIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('round_participants')
    .select('round_id')
    .where('user_id', '=', userId)
    .where('round_id', 'in', [...roundIds])
    .execute();
  return new Set(rows.map((r) => r.round_id));
}
